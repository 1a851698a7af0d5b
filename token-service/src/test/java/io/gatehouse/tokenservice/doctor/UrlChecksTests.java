package io.gatehouse.tokenservice.doctor;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.config.GatehouseProperties;

import static io.gatehouse.tokenservice.doctor.Settings.client;
import static io.gatehouse.tokenservice.doctor.Settings.findings;
import static io.gatehouse.tokenservice.doctor.Settings.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** The issuer and the redirect URIs, each check with a configuration that triggers it and one that does not. */
class UrlChecksTests {

	@Test
	void issuerWhenGivenTwiceOnTheCommandLineThenBoundJoinedAndAnError() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource("--gatehouse.issuer=http://a", "--gatehouse.issuer=http://b"));
		ConfigurationPropertySources.attach(environment);
		GatehouseProperties bound = Binder.get(environment).bindOrCreate("gatehouse", GatehouseProperties.class);

		assertThat(bound.issuer()).isEqualTo(URI.create("http://a,http://b"));
		Finding finding = findings(new UrlChecks(bound, Settings.of().clients(), false)).get(0);
		assertThat(finding.id()).isEqualTo("url.issuer-not-one-url");
		assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
		assertThat(finding.forUsers()).contains("`http://a,http://b`");
	}

	@Test
	void issuerWhenOneHttpsUrlThenNoFinding() {
		assertThat(ids(checks(Settings.of("gatehouse.issuer", "https://auth.example.com"), true))).isEmpty();
	}

	@Test
	void issuerWhenPlainHttpOutsideLoopbackThenErrorInProductionWarningInDevelopment() {
		Settings settings = Settings.of("gatehouse.issuer", "http://auth.example.com");

		assertThat(findings(checks(settings, true))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("url.issuer-plain-http");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
		});
		assertThat(findings(checks(settings, false))).singleElement()
			.extracting(Finding::severity).isEqualTo(Finding.Severity.WARNING);
		assertThat(ids(checks(Settings.of("gatehouse.issuer", "http://127.0.0.1:9000"), true))).isEmpty();
	}

	@Test
	void redirectUriWhenPlainHttpOutsideLoopbackThenFindingNamingClientAndIndex() {
		Settings settings = client("app", "redirect-uris[0]", "https://app.example.com/cb", "redirect-uris[1]",
				"http://app.example.com/cb");

		assertThat(findings(checks(settings, true))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("url.redirect-uri-plain-http");
			assertThat(finding.forUsers()).contains("client `app`").contains("`http://app.example.com/cb`");
			assertThat(finding.setting()).startsWith("gatehouse.clients.app.redirect-uris[1]");
		});
		assertThat(ids(checks(client("app", "redirect-uris[0]", "http://localhost:8081/cb"), true))).isEmpty();
	}

	private static UrlChecks checks(Settings settings, boolean production) {
		return new UrlChecks(settings.gatehouse(), settings.clients(), production);
	}

}

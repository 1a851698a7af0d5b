package io.gatehouse.gateway.doctor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.gatehouse.doctor.Finding;
import io.gatehouse.gateway.browser.BrowserProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser mode's URL, cookie and secret checks, each with a configuration that triggers it and one that does not. */
class BrowserChecksTests {

	@Test
	void browserModeWhenDefaultsInDevelopmentThenNoFinding() {
		assertThat(ids(Map.of(), false)).isEmpty();
	}

	@Test
	void publicOriginWhenNotOneOriginThenError() {
		assertThat(findings(Map.of("public-origin", "https://app.example.com/app"), false)).singleElement()
			.satisfies((finding) -> {
				assertThat(finding.id()).isEqualTo("url.public-origin-not-one-origin");
				assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
			});
		assertThat(ids(Map.of("public-origin", "https://app.example.com"), false)).isEmpty();
	}

	@Test
	void publicOriginWhenPlainHttpOutsideLoopbackThenCookieDroppedErrorInProductionWarningInDevelopment() {
		Map<String, String> plain = Map.of("public-origin", "http://app.example.com", "client-secret", "own-secret-value");

		assertThat(findings(plain, true)).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("cookie.dropped-on-plain-http");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
			assertThat(finding.forUsers()).contains("signed out at the next request").contains("`http://app.example.com`");
			assertThat(finding.setting()).isEqualTo("gatehouse.gateway.browser.public-origin=https://app.example.com");
		});
		assertThat(findings(plain, false)).singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.WARNING);
		assertThat(ids(Map.of("public-origin", "http://127.0.0.1:8080"), false)).isEmpty();
	}

	@Test
	void refreshReuseWhenNotLongerThanRefreshTimeoutThenError() {
		assertThat(ids(Map.of("refresh-reuse", "5s", "refresh-timeout", "5s"), false))
			.containsExactly("browser.refresh-reuse-not-longer-than-timeout");
		assertThat(ids(Map.of("refresh-reuse", "6s", "refresh-timeout", "5s"), false)).isEmpty();
	}

	@Test
	void sameSiteNoneThenWarningAndLaxOrStrictNone() {
		assertThat(ids(Map.of("same-site", "None"), false)).containsExactly("cookie.same-site-none");
		assertThat(ids(Map.of("same-site", "Strict"), false)).isEmpty();
	}

	@Test
	void browserSessionCookiesThenNoteThatClosingTheBrowserSignsOut() {
		assertThat(findings(Map.of("persistent-cookies", "false"), false)).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("cookie.browser-session");
			assertThat(finding.forUsers()).contains("signed out when they close the browser");
		});
		assertThat(ids(Map.of("persistent-cookies", "true"), false)).isEmpty();
	}

	@Test
	void developmentSecretWhenProductionThenErrorAndInDevelopmentNone() {
		Map<String, String> https = Map.of("public-origin", "https://app.example.com");

		assertThat(ids(https, true)).containsExactly("secrets.development-browser-secret");
		assertThat(ids(https, false)).isEmpty();
		assertThat(ids(Map.of("public-origin", "https://app.example.com", "client-secret", "own-secret-value"), true))
			.isEmpty();
	}

	@Test
	void browserModeWhenDisabledThenNoFinding() {
		assertThat(ids(Map.of("enabled", "false", "public-origin", "http://app.example.com"), true)).isEmpty();
	}

	private static List<String> ids(Map<String, String> settings, boolean production) {
		return findings(settings, production).stream().map(Finding::id).toList();
	}

	private static List<Finding> findings(Map<String, String> settings, boolean production) {
		Map<String, String> prefixed = new HashMap<>();
		settings.forEach((key, value) -> prefixed.put("gatehouse.gateway.browser." + key, value));
		BrowserProperties properties = new Binder(new MapConfigurationPropertySource(prefixed))
			.bindOrCreate("gatehouse.gateway.browser", BrowserProperties.class);
		return new BrowserChecks(properties, production).findings().collectList().block();
	}

}

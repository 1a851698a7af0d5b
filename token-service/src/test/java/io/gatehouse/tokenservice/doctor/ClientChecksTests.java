package io.gatehouse.tokenservice.doctor;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatehouse.doctor.Finding;

import static io.gatehouse.tokenservice.doctor.Settings.client;
import static io.gatehouse.tokenservice.doctor.Settings.findings;
import static io.gatehouse.tokenservice.doctor.Settings.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Each client check, with one configuration that triggers it and one that does not, bound as Spring Boot binds them. */
class ClientChecksTests {

	@Test
	void clientWhenDefaultsThenNoFinding() {
		assertThat(ids(checks(client("web")))).isEmpty();
	}

	@Test
	void idleWhenShorterThanAccessTokenThenErrorSayingUsersAreSignedOutAtFirstRefresh() {
		Finding finding = findings(checks(client("web", "refresh-idle-timeout", "10m", "access-token-ttl", "15m"))).get(0);

		assertThat(finding.id()).isEqualTo("client.idle-shorter-than-access-token");
		assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
		assertThat(finding.forUsers()).contains("client `web`").contains("after 10 minutes").contains("lasts 15 minutes");
		assertThat(finding.setting()).startsWith("gatehouse.clients.web.refresh-idle-timeout");
		assertThat(ids(checks(client("web", "refresh-idle-timeout", "15m", "access-token-ttl", "15m"))))
			.doesNotContain("client.idle-shorter-than-access-token");
	}

	@Test
	void durationWhenNegativeOrZeroThenErrorThatTheServiceRefusesToStartAndNoSentenceAboutIt() {
		List<Finding> findings = findings(checks(client("web", "refresh-idle-timeout", "-5m")));

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("client.duration-not-positive");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
			assertThat(finding.forUsers()).contains("refresh-idle-timeout is PT-5M").doesNotContain("milliseconds");
			assertThat(finding.setting()).isEqualTo("gatehouse.clients.web.refresh-idle-timeout");
		});
		assertThat(ids(checks(client("web", "access-token-ttl", "0s")))).containsExactly("client.duration-not-positive");
		assertThat(ids(checks(client("web", "refresh-idle-timeout", "1h")))).doesNotContain("client.duration-not-positive");
	}

	@Test
	void idleWhenBelowFloorThenWarningNamingTheTimeout() {
		Finding finding = findings(checks(client("web", "refresh-idle-timeout", "4m", "access-token-ttl", "1m"))).get(0);

		assertThat(finding.id()).isEqualTo("client.idle-below-floor");
		assertThat(finding.forUsers()).isEqualTo("Users of client `web` are signed out after 4 minutes without activity, "
				+ "while reading a page or filling in a form.");
		assertThat(ids(checks(client("web", "refresh-idle-timeout", "5m", "access-token-ttl", "1m")))).isEmpty();
	}

	@Test
	void absoluteWhenShorterThanIdleThenErrorAndWhenEqualThenWarning() {
		Finding shorter = findings(checks(client("web", "refresh-idle-timeout", "12h", "refresh-absolute-lifetime", "1h")))
			.get(0);
		Finding equal = findings(checks(client("web", "refresh-idle-timeout", "12h", "refresh-absolute-lifetime", "12h")))
			.get(0);

		assertThat(shorter.id()).isEqualTo("client.absolute-not-longer-than-idle");
		assertThat(shorter.severity()).isEqualTo(Finding.Severity.ERROR);
		assertThat(shorter.forUsers()).contains("signed out 1 hour after sign-in").contains("(12 hours) is longer");
		assertThat(equal.id()).isEqualTo("client.absolute-not-longer-than-idle");
		assertThat(equal.severity()).isEqualTo(Finding.Severity.WARNING);
		assertThat(ids(checks(client("web", "refresh-idle-timeout", "12h", "refresh-absolute-lifetime", "13h")))).isEmpty();
	}

	@Test
	void reuseGraceWhenZeroThenWarningAboutTwoTabs() {
		Finding finding = findings(checks(client("web", "reuse-grace", "0s"))).get(0);

		assertThat(finding.id()).isEqualTo("client.reuse-grace-zero");
		assertThat(finding.forUsers()).contains("two tabs");
		assertThat(ids(checks(client("web", "reuse-grace", "1s")))).isEmpty();
	}

	@Test
	void reuseGraceWhenLongerThanFiveMinutesThenWarningAboutTheft() {
		Finding finding = findings(checks(client("web", "reuse-grace", "10m"))).get(0);

		assertThat(finding.id()).isEqualTo("client.reuse-grace-long");
		assertThat(finding.forUsers()).contains("stolen refresh token of client `web`").contains("10 minutes");
		assertThat(ids(checks(client("web", "reuse-grace", "5m")))).isEmpty();
	}

	@Test
	void accessTokenWhenLongerThanThirtyMinutesThenWarningAboutStatelessRoutes() {
		Finding finding = findings(checks(client("web", "access-token-ttl", "2h"))).get(0);

		assertThat(finding.id()).isEqualTo("client.access-token-long");
		assertThat(finding.forUsers()).contains("stateless").contains("up to 2 hours");
		assertThat(ids(checks(client("web", "access-token-ttl", "30m")))).isEmpty();
	}

	@Test
	void clientWithoutGrantTypesThenNoSessionFindings() {
		assertThat(ids(checks(client("gateway", "grant-types", "", "reuse-grace", "0s", "refresh-idle-timeout", "1m"))))
			.isEmpty();
	}

	@Test
	void exampleClientWhenProductionThenLeftOut() {
		Settings example = client("spa", "example", "true", "reuse-grace", "0s");

		assertThat(ids(new ClientChecks(example.clients(), true))).isEmpty();
		assertThat(ids(new ClientChecks(example.clients(), false))).containsExactly("client.reuse-grace-zero");
	}

	private static ClientChecks checks(Settings settings) {
		return new ClientChecks(settings.clients(), false);
	}

}

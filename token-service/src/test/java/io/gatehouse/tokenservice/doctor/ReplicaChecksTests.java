package io.gatehouse.tokenservice.doctor;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.revocation.FeedFollowers.Follower;
import io.gatehouse.tokenservice.revocation.FeedFollowers.Limits;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks on the gateways following the feed, with followers that trigger each and followers that do not. */
class ReplicaChecksTests {

	@Test
	void twoGatewaysWhenBothCountLimitsInMemoryThenWarningNamingThem() {
		List<Finding> findings = findings(List.of(new Follower("gw-a", Limits.MEMORY, 1), new Follower("gw-b", Limits.MEMORY, 1)),
				Settings.client("web"));

		assertThat(findings).extracting(Finding::id).containsExactly("replicas.limits-in-memory");
		assertThat(findings.get(0).forUsers()).contains("gw-a, gw-b");
		assertThat(findings(List.of(new Follower("gw-a", Limits.MEMORY, 1), new Follower("gw-b", Limits.REDIS, 1)),
				Settings.client("web")))
			.isEmpty();
	}

	@Test
	void manyGatewaysWhenCountingLimitsInMemoryThenTheSentenceNamesAFewAndCountsTheRest() {
		List<Follower> followers = java.util.stream.IntStream.range(0, 40)
			.mapToObj((i) -> new Follower("gateway/gw-" + i, Limits.MEMORY, 1))
			.toList();

		String sentence = findings(followers, Settings.client("web")).get(0).forUsers();

		assertThat(sentence).startsWith("40 gateways (gateway/gw-0, gateway/gw-1, gateway/gw-2, gateway/gw-3, "
				+ "gateway/gw-4 and 35 more)");
	}

	@Test
	void browserSessionCookiesWhenTheirClientsSessionsLastOverADayThenWarningWithTheLifetime() {
		Follower kiosk = new Follower("gw-a", Limits.REDIS, 1, "gateway-browser");

		List<Finding> findings = findings(List.of(kiosk),
				Settings.client("gateway-browser", "refresh-absolute-lifetime", "7d"));

		assertThat(findings).extracting(Finding::id).containsExactly("cookie.browser-session-long-lifetime");
		assertThat(findings.get(0).forUsers()).contains("client `gateway-browser`").contains("7 days")
			.contains("close the browser");
		assertThat(findings.get(0).setting()).contains("persistent-cookies");
		assertThat(findings(List.of(kiosk), Settings.client("gateway-browser", "refresh-absolute-lifetime", "8h",
				"refresh-idle-timeout", "1h"))).isEmpty();
		assertThat(findings(List.of(new Follower("gw-a", Limits.REDIS, 1)),
				Settings.client("gateway-browser", "refresh-absolute-lifetime", "7d"))).isEmpty();
	}

	private static List<Finding> findings(List<Follower> followers, Settings settings) {
		return new ReplicaChecks(() -> followers, settings.clients()).findings().collectList().block();
	}

}

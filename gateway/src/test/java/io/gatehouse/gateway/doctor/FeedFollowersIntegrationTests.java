package io.gatehouse.gateway.doctor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.revocation.RevocationFeedClient;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;
import io.gatehouse.gateway.revocation.RevokedSessions;
import io.gatehouse.gateway.support.Eventually;
import io.gatehouse.gateway.support.TokenServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real token-service jar and two gateway feed clients that count limits in memory, as two
 * gateway replicas without Redis do: the token service's doctor counts them and warns, and each
 * gateway has read the token service's clock from the {@code Date} of its answers.
 */
class FeedFollowersIntegrationTests {

	@Test
	void twoGatewaysWithLimitsInMemoryAndOneWithBrowserSessionCookiesFollowingTheFeedThenTokenServiceDoctorWarnsAndGatewaysKnowItsClock() {
		try (TokenServiceProcess service = new TokenServiceProcess()) {
			TokenServiceClock clock = new TokenServiceClock(Clock.systemUTC());
			List<RevocationFeedClient> gateways = List.of(follower(service, clock, "instance=gw-1; limits=memory"),
					follower(service, clock, "instance=gw-2; limits=memory; browser-session-cookies=gateway-browser"));
			gateways.forEach(RevocationFeedClient::start);
			try {
				Eventually.within(Duration.ofSeconds(20), () -> gateways.stream().allMatch(RevocationFeedClient::isCaughtUp));

				JsonNode report = WebTestClient.bindToServer()
					.baseUrl(service.managementUrl())
					.responseTimeout(Duration.ofSeconds(30))
					.build()
					.get()
					.uri("/actuator/gatehouse-doctor")
					.accept(MediaType.APPLICATION_JSON)
					.exchange()
					.expectStatus().isOk()
					.expectBody(JsonNode.class).returnResult().getResponseBody();

				assertThat(report.get("findings")).anySatisfy((finding) -> {
					assertThat(finding.get("id").asString()).isEqualTo("replicas.limits-in-memory");
					assertThat(finding.get("severity").asString()).isEqualTo("WARNING");
					assertThat(finding.get("forUsers").asString()).startsWith("2 gateways (gateway/gw-1, gateway/gw-2) count brute-force limits");
				});
				// gw-2 gives browser-session cookies to users of gateway-browser, whose sessions may last 7 days.
				assertThat(report.get("findings")).anySatisfy((finding) -> {
					assertThat(finding.get("id").asString()).isEqualTo("cookie.browser-session-long-lifetime");
					assertThat(finding.get("forUsers").asString()).contains("client `gateway-browser`").contains("7 days");
				});
				assertThat(clock.offset()).hasValueSatisfying(
						(offset) -> assertThat(offset.abs()).isLessThan(Duration.ofSeconds(2)));
			}
			finally {
				gateways.forEach(RevocationFeedClient::stop);
			}
		}
	}

	private static RevocationFeedClient follower(TokenServiceProcess service, TokenServiceClock clock, String follower) {
		return new RevocationFeedClient(WebClient.builder().filter(clock.recorder()),
				URI.create(service.url() + "/oauth2/revocations"), "gateway", "gatehouse-dev-gateway-secret",
				new RevocationFeedProperties(true, null, Duration.ofMillis(50), Duration.ofMillis(500),
						Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10)),
				new RevokedSessions(Duration.ofSeconds(30)), JsonMapper.builder().build(), Clock.systemUTC(),
				new SimpleMeterRegistry(), follower);
	}

}

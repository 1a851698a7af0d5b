package io.gatehouse.gateway.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code spring.cloud.gateway.server.webflux.trusted-proxies} no peer is a proxy: a client
 * that writes a new {@code X-Forwarded-For} on every attempt still counts as its socket address.
 */
class UntrustedForwardedForIntegrationTests extends GatewayIntegrationTest {

	@DynamicPropertySource
	static void limits(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.login-limits.per-network", () -> "3");
		LimitAttemptsIntegrationTests.forwardingRoute(registry);
	}

	@Test
	void requestWhenUntrustedPeerSendsForwardedForThenUpstreamGetsTheSocketPeer() {
		this.http.get().uri("/forwarding/x").header("X-Forwarded-For", "203.0.113.9").exchange().expectStatus().isOk();

		assertThat(upstream.received().get(0).headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
	}

	@Test
	void loginWhenUntrustedPeerRotatesForwardedForThenOneNetworkBucket() {
		for (int i = 0; i < 3; i++) {
			login("rotating-" + i, "203.0.113." + (i + 1)).expectStatus().isUnauthorized();
		}

		login("rotating-4", "198.51.100.4").expectStatus().isEqualTo(429);
		login("rotating-5", "2001:db8::5").expectStatus().isEqualTo(429);
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec login(String username,
			String forwardedFor) {
		return this.http.post()
			.uri("/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "guess", "client_id", "web"))
			.exchange();
	}

}

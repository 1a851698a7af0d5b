package io.gatehouse.gateway.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Brute-force limits on the built-in login route: 5 attempts a minute per username, then 429. */
class LimitAttemptsIntegrationTests extends GatewayIntegrationTest {

	@Test
	void loginWhenOverPerUsernameLimitThen429WithRetryAfterAndTokenServiceSpared() {
		int before = tokenService.otherRequests().size();
		for (int i = 0; i < 5; i++) {
			login("victim").expectStatus().isUnauthorized();
		}

		login("victim").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.error").isEqualTo("too_many_requests");

		assertThat(tokenService.otherRequests().size() - before).isEqualTo(5);
		login("someone-else").expectStatus().isUnauthorized();
	}

	private WebTestClient.ResponseSpec login(String username) {
		return this.http.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "guess", "client_id", "web"))
			.exchange();
	}

}

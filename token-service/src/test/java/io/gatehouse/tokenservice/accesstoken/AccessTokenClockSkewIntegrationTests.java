package io.gatehouse.tokenservice.accesstoken;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

/**
 * Expiry as each endpoint measures it, from the token's {@code exp}: introspection has no skew
 * (RFC 7662 §2.2: an expired token is inactive), the bearer endpoints allow
 * {@code gatehouse.bearer-tokens.clock-skew} (30 s, the gateway's). The clock moves across both edges.
 */
class AccessTokenClockSkewIntegrationTests extends TokenServiceIntegrationTest {

	/** The web client's access-token TTL. */
	private static final Duration TTL = Duration.ofMinutes(15);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("clock_skew").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void introspectWhenJustPastExpiryThenInactive() {
		String token = login(createUser("introspect-exp"), PASSWORD, "web").get("access_token").asString();

		this.clock.advance(TTL.minusSeconds(2));
		introspect(token).jsonPath("$.active").isEqualTo(true);
		this.clock.advance(Duration.ofSeconds(3));
		introspect(token).jsonPath("$.active").isEqualTo(false);
	}

	@Test
	void bearerEndpointWhenPastExpiryThenAcceptedWithinSkewOnly() {
		JsonNode login = login(createUser("bearer-skew"), PASSWORD, "web");
		String token = login.get("access_token").asString();

		this.clock.advance(TTL.plusSeconds(25));
		sessions(token).expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(10));
		sessions(token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate",
					"Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"expired\"");
	}

	private WebTestClient.BodyContentSpec introspect(String token) {
		return this.http.post()
			.uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	private WebTestClient.ResponseSpec sessions(String token) {
		return this.http.get().uri("/auth/sessions").headers((headers) -> headers.setBearerAuth(token)).exchange();
	}

}

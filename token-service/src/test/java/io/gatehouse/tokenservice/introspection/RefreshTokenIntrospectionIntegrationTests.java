package io.gatehouse.tokenservice.introspection;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.BodyInserters;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection of a refresh token (RFC 7662) by the client it was issued to, as the gateway's
 * {@code GET /session} uses it: the session's real remaining lifetime, read without rotating or
 * extending anything; another client's token, a rotated-away token and a malformed one are
 * inactive, and asking never ends a session.
 */
class RefreshTokenIntrospectionIntegrationTests extends TokenServiceIntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("refresh_introspection").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void introspectWhenOwnClientsCurrentRefreshTokenThenActiveWithSessionExpiryAndNothingExtended() {
		String username = createUser("introspect-own");
		Instant loggedIn = this.clock.instant();
		JsonNode login = loginAsServiceClient(username, PASSWORD);
		String refreshToken = login.get("refresh_token").asString();
		long expiresIn = login.get("refresh_token_expires_in").asLong();

		this.clock.advance(Duration.ofMinutes(10));
		JsonNode answer = introspect(refreshToken);
		assertThat(answer.get("active").asBoolean()).isTrue();
		assertThat(answer.get("token_type").asString()).isEqualTo("refresh_token");
		assertThat(answer.get("client_id").asString()).isEqualTo("service");
		assertThat(answer.get("username").asString()).isEqualTo(username);
		assertThat(answer.get("sid").asString()).isEqualTo(login.get("session_id").asString());
		assertThat(answer.get("exp").asLong()).isBetween(loggedIn.getEpochSecond() + expiresIn - 1,
				loggedIn.getEpochSecond() + expiresIn + 1);
		assertThat(answer.get("expires_by").asString()).isEqualTo("idle");

		// Asking again later gives the same expiry: introspection is not activity.
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(introspect(refreshToken).get("exp").asLong()).isEqualTo(answer.get("exp").asLong());
	}

	@Test
	void introspectWhenAnotherClientsRefreshTokenThenInactiveAndItStillWorks() {
		JsonNode web = login(createUser("introspect-other"), PASSWORD, "web");
		assertThat(introspect(web.get("refresh_token").asString()).get("active").asBoolean()).isFalse();
		refresh(web.get("refresh_token").asString(), "web").expectStatus().isOk();
	}

	@Test
	void introspectWhenTokenRotatedAwayThenInactiveAndTheSessionLives() {
		JsonNode login = loginAsServiceClient(createUser("introspect-rotated"), PASSWORD);
		String first = login.get("refresh_token").asString();
		JsonNode rotated = this.http.post().uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "refresh_token").with("refresh_token", first))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(introspect(first).get("active").asBoolean()).isFalse();
		assertThat(introspect(rotated.get("refresh_token").asString()).get("active").asBoolean()).isTrue();
	}

	@Test
	void introspectWhenMalformedThenInactive() {
		assertThat(introspect("not-a-token").get("active").asBoolean()).isFalse();
		assertThat(introspect("x".repeat(100)).get("active").asBoolean()).isFalse();
	}

	private JsonNode introspect(String token) {
		return this.http.post().uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("token", token).with("token_type_hint", "refresh_token"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

}

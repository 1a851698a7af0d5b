package io.gatehouse.tokenservice.refresh;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;
import io.gatehouse.tokenservice.web.RequestOrigin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-statement rotation on PostgreSQL, one refresh at a time: it rotates exactly the current
 * token of a live, unexpired session of the presenting client, and matches nothing otherwise, so
 * the full decision (grace, reuse detection, expiry) stays with {@link RefreshTokenRotation}.
 */
class CurrentTokenRotationPostgresIntegrationTests extends TokenServiceIntegrationTest {

	private static final RequestOrigin ORIGIN = new RequestOrigin("127.0.0.9", "tests");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("current_rotation").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	private CurrentTokenRotation rotation;

	@Autowired
	private ClientRegistry clients;

	@Test
	void rotateWhenCurrentTokenThenNextGenerationWithIdleExpiryMovedOnAndSuccessorUsable() {
		JsonNode login = login(createUser("single"), PASSWORD, "web");
		this.clock.advance(Duration.ofMinutes(5));
		Instant now = this.clock.instant();
		String successor = RefreshTokens.generate();

		StepVerifier.create(rotate(login.get("refresh_token").asString(), successor, "web"))
			.assertNext((rotated) -> {
				assertThat(rotated.session().id().toString()).isEqualTo(login.get("session_id").asString());
				assertThat(rotated.session().generation()).isEqualTo(2);
				assertThat(rotated.session().lastRefreshedAt()).isEqualTo(now);
				assertThat(rotated.session().idleExpiresAt()).isEqualTo(now.plus(Duration.ofHours(12)));
				assertThat(rotated.refreshToken()).isEqualTo(successor);
				assertThat(rotated.username()).startsWith("single-");
			})
			.verifyComplete();
		assertThat(timelineReasons(login)).containsExactly("created", "refreshed");
		assertThat(refreshed(successor, "web").get("refresh_token")).isNotNull();
	}

	@Test
	void rotateWhenIdleExpiryWouldPassAbsoluteLifetimeThenCappedAtAbsolute() {
		JsonNode login = login(createUser("cap"), PASSWORD, "web");
		String token = login.get("refresh_token").asString();
		// Refresh every 11 hours (inside the 12 h idle timeout) until less than 12 h of the 7 days are left.
		for (int i = 0; i < 14; i++) {
			this.clock.advance(Duration.ofHours(11));
			token = refreshed(token, "web").get("refresh_token").asString();
		}
		this.clock.advance(Duration.ofHours(11));
		Instant loginTime = this.clock.instant().minus(Duration.ofHours(11L * 15));

		StepVerifier.create(rotate(token, RefreshTokens.generate(), "web"))
			.assertNext((rotated) -> assertThat(rotated.session().idleExpiresAt())
				.isEqualTo(rotated.session().absoluteExpiresAt())
				.isEqualTo(loginTime.plus(Duration.ofDays(7))))
			.verifyComplete();
	}

	@Test
	void rotateWhenTokenConsumedOrOfAnotherClientOrUnknownThenNothingMatches() {
		JsonNode login = login(createUser("fallback"), PASSWORD, "web");
		String first = login.get("refresh_token").asString();
		String second = refreshed(first, "web").get("refresh_token").asString();

		StepVerifier.create(rotate(first, RefreshTokens.generate(), "web")).verifyComplete();
		StepVerifier.create(rotate(second, RefreshTokens.generate(), "mobile")).verifyComplete();
		StepVerifier.create(rotate(RefreshTokens.generate(), RefreshTokens.generate(), "web"))
			.verifyComplete();
		assertThat(timelineReasons(login)).containsExactly("created", "refreshed");
		assertThat(refreshed(second, "web").get("refresh_token")).isNotNull();
	}

	@Test
	void rotateWhenTwoRotateTheSameTokenAtOnceThenExactlyOneAdvancesTheSession() {
		JsonNode login = login(createUser("race"), PASSWORD, "web");
		String token = login.get("refresh_token").asString();
		Instant now = this.clock.instant();

		StepVerifier.create(Flux
			.merge(rotate(token, RefreshTokens.generate(), "web"), rotate(token, RefreshTokens.generate(), "web"))
			.collectList())
			.assertNext((rotated) -> {
				assertThat(rotated).hasSize(1);
				assertThat(rotated.get(0).session().generation()).isEqualTo(2);
			})
			.verifyComplete();
		assertThat(timelineReasons(login)).containsExactly("created", "refreshed");
		// The loser's request would now take the full decision: the predecessor within grace gets a sibling.
		assertThat(refreshed(token, "web").get("refresh_token")).isNotNull();
		assertThat(timelineReasons(login)).containsExactly("created", "refreshed", "reuse_grace_used");
	}

	@Test
	void rotateWhenSessionTimedOutOrEndedThenNothingMatches() {
		JsonNode idle = login(createUser("idle"), PASSWORD, "web");
		JsonNode ended = login(createUser("ended"), PASSWORD, "web");
		this.http.post()
			.uri("/oauth2/revoke")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("client_id=web&token=" + ended.get("refresh_token").asString())
			.exchange()
			.expectStatus()
			.isOk();

		StepVerifier.create(rotate(ended.get("refresh_token").asString(), RefreshTokens.generate(), "web"))
			.verifyComplete();
		this.clock.advance(Duration.ofHours(12));
		StepVerifier.create(rotate(idle.get("refresh_token").asString(), RefreshTokens.generate(), "web"))
			.verifyComplete();
		assertThat(timelineReasons(idle)).containsExactly("created");
	}

	/** A rotation through the bean; its statement takes the rotation's instant from the (test) clock. */
	private Mono<RotationResult.Rotated> rotate(String token, String successor, String clientId) {
		RegisteredClient client = this.clients.find(clientId).orElseThrow();
		return this.rotation.rotate(RefreshTokens.hash(token), successor, client, ORIGIN);
	}

}

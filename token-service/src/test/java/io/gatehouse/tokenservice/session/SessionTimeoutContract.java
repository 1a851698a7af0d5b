package io.gatehouse.tokenservice.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idle and absolute timeouts with a moving clock (the {@code web} client: 12 h idle, 7 d absolute),
 * and the purge job that ends timed-out sessions nobody refreshes and deletes old rows.
 */
abstract class SessionTimeoutContract extends TokenServiceIntegrationTest {

	@Autowired
	SessionPurgeJob purgeJob;

	@Test
	void refreshWhenIdleTimeoutPassedThenExpiredIdleWithConfiguredTimeoutInTimeline() {
		String user = createUser("idle");
		JsonNode login = login(user, PASSWORD, "web");
		this.clock.advance(Duration.ofHours(12).plusSeconds(1));

		refresh(login.get("refresh_token").asString(), "web").expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error").isEqualTo("invalid_grant")
			.jsonPath("$.error_description").isEqualTo("expired_idle");

		JsonNode events = adminTimeline(user);
		String sessionId = login.get("session_id").asString();
		assertThat(SessionTimeline.reasons(events, sessionId)).containsExactly("created", "expired_idle");
		assertThat(SessionTimeline.detail(events, sessionId, "expired_idle")).contains("PT12H");
		refresh(login.get("refresh_token").asString(), "web").expectBody()
			.jsonPath("$.error_description").isEqualTo("expired_idle");
	}

	@Test
	void refreshWhenJustInsideIdleTimeoutThenIdleWindowMovesOn() {
		String user = createUser("active");
		String token = login(user, PASSWORD, "web").get("refresh_token").asString();
		for (int i = 0; i < 3; i++) {
			this.clock.advance(Duration.ofHours(11));
			token = refreshed(token, "web").get("refresh_token").asString();
		}
		assertThat(token).isNotBlank();
	}

	@Test
	void refreshWhenNearAbsoluteLifetimeThenRemainingTimeShrinksAndNeverExtends() {
		String user = createUser("absolute");
		JsonNode login = login(user, PASSWORD, "web");
		String token = login.get("refresh_token").asString();
		Duration elapsed = Duration.ZERO;
		long lastRemaining = 0;
		while (elapsed.plusHours(11).compareTo(Duration.ofDays(7)) < 0) {
			this.clock.advance(Duration.ofHours(11));
			elapsed = elapsed.plusHours(11);
			JsonNode response = refreshed(token, "web");
			token = response.get("refresh_token").asString();
			lastRemaining = response.get("refresh_token_expires_in").asLong();
			assertThat(lastRemaining).isLessThanOrEqualTo(Duration.ofDays(7).minus(elapsed).toSeconds());
			assertThat(response.get("expires_in").asLong()).isEqualTo(900);
		}
		assertThat(lastRemaining).isLessThan(Duration.ofHours(12).toSeconds());
		this.clock.advance(Duration.ofSeconds(lastRemaining + 1));

		refresh(token, "web").expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error_description").isEqualTo("expired_absolute");
		JsonNode events = adminTimeline(user);
		assertThat(SessionTimeline.reasons(events, login.get("session_id").asString())).endsWith("expired_absolute");
		assertThat(SessionTimeline.detail(events, login.get("session_id").asString(), "expired_absolute")).contains("PT168H");
	}

	@Test
	void purgeWhenSessionTimedOutUnobservedThenEndedWithReasonAndLaterDeleted() {
		String user = createUser("purge");
		JsonNode login = login(user, PASSWORD, "web");
		this.clock.advance(Duration.ofHours(13));

		assertThat(this.purgeJob.purge().block().expired()).isGreaterThanOrEqualTo(1);

		JsonNode events = adminTimeline(user);
		String sessionId = login.get("session_id").asString();
		assertThat(SessionTimeline.reasons(events, sessionId)).containsExactly("created", "expired_idle");
		assertThat(SessionTimeline.detail(events, sessionId, "expired_idle")).contains("PT12H", "purge");
		refresh(login.get("refresh_token").asString(), "web").expectBody()
			.jsonPath("$.error_description").isEqualTo("expired_idle");

		this.clock.advance(Duration.ofDays(8));
		assertThat(this.purgeJob.purge().block().deletedSessions()).isGreaterThanOrEqualTo(1);
		refresh(login.get("refresh_token").asString(), "web").expectBody()
			.jsonPath("$.error_description").isEqualTo("unknown");
		assertThat(SessionTimeline.reasons(adminTimeline(user), sessionId)).containsExactly("created", "expired_idle");
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import io.gatehouse.tokenservice.support.RevocationFeedReader;
import io.gatehouse.tokenservice.support.SeededSessions;
import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.StatementCounter;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user with many sessions: past {@code gatehouse.sessions.max-live-per-user} (3 here) a login ends
 * the least recently used live session with {@code revoked_session_limit}; logging out everywhere
 * ends a thousand sessions in a number of statements that does not grow with them.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = "gatehouse.sessions.max-live-per-user=3")
abstract class SessionLimitContract extends TokenServiceIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	StatementCounter statements;

	@Test
	void loginWhenUserAtSessionLimitThenLeastRecentlyUsedSessionEndsWithRevokedSessionLimit() {
		String user = createUser("cap");
		JsonNode first = login(user, PASSWORD, "web");
		this.clock.advance(Duration.ofMinutes(1));
		JsonNode second = login(user, PASSWORD, "mobile");
		this.clock.advance(Duration.ofMinutes(1));
		JsonNode third = login(user, PASSWORD, "web");
		this.clock.advance(Duration.ofMinutes(1));
		// The oldest login is the most recently used now: the second is the one idle longest.
		String firstRefresh = refreshed(first.get("refresh_token").asString(), "web").get("refresh_token").asString();
		this.clock.advance(Duration.ofMinutes(1));

		JsonNode fourth = login(user, PASSWORD, "web");

		refresh(second.get("refresh_token").asString(), "mobile").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_grant")
			.jsonPath("$.error_description").isEqualTo("revoked_session_limit");
		assertThat(timelineReasons(second)).containsExactly("created", "revoked_session_limit");
		assertThat(SessionTimeline.detail(adminTimeline(user), second.get("session_id").asString(), "revoked_session_limit"))
			.isEqualTo("more than 3 live sessions: ended the least recently used");
		assertThat(RevocationFeedReader.backlogSids(this.port)).contains(second.get("session_id").asString());
		assertThat(refreshed(firstRefresh, "web")).isNotNull();
		assertThat(refreshed(third.get("refresh_token").asString(), "web")).isNotNull();
		assertThat(refreshed(fourth.get("refresh_token").asString(), "web")).isNotNull();
	}

	@Test
	void loginWhenOlderSessionsTimedOutThenTheyDoNotCountTowardsTheLimit() {
		String user = createUser("timedout");
		JsonNode stale = login(user, PASSWORD, "web");
		login(user, PASSWORD, "web");
		// Past the web client's 12-hour idle timeout: both are over though not yet ended by the purge job.
		this.clock.advance(Duration.ofHours(13));
		JsonNode a = login(user, PASSWORD, "web");
		JsonNode b = login(user, PASSWORD, "web");
		JsonNode c = login(user, PASSWORD, "web");

		refresh(stale.get("refresh_token").asString(), "web").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("expired_idle");
		for (JsonNode live : List.of(a, b, c)) {
			assertThat(refreshed(live.get("refresh_token").asString(), "web")).isNotNull();
		}
	}

	@Test
	void logoutEverywhereWhenAThousandSessionsThenEveryOneEndsInAsManyStatementsAsForTwo() {
		long withTwo = statementsOfLogoutEverywhereWith(2).statements();
		Ended many = statementsOfLogoutEverywhereWith(1_000);

		assertThat(many.statements()).as("statements to end 1,001 sessions (3: %s)", withTwo).isEqualTo(withTwo);
		assertThat(RevocationFeedReader.backlogSids(this.port)).containsAll(many.sessions());
		assertThat(this.db.sql("select count(*) from session_events e where e.reason = 'revoked_logout_all' and e.session_id in "
				+ "(select id from sessions where user_id = :user)")
			.bind("user", many.userId())
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(Duration.ofSeconds(30))).isEqualTo(1_001);
	}

	private Ended statementsOfLogoutEverywhereWith(int others) {
		String user = createUser("everywhere");
		JsonNode caller = login(user, PASSWORD, "web");
		UUID userId = UUID.fromString(SessionTimeline.claim(caller, "sub"));
		List<String> sessions = new ArrayList<>();
		SeededSessions.insert(this.db, userId, others, this.clock.instant()).forEach((id) -> sessions.add(id.toString()));
		sessions.add(caller.get("session_id").asString());
		long count = this.statements.during(() -> withToken(this.http.delete().uri("/auth/sessions"), caller).exchange()
			.expectStatus().isNoContent());
		return new Ended(userId, sessions, count);
	}

	private record Ended(UUID userId, List<String> sessions, long statements) {
	}

}

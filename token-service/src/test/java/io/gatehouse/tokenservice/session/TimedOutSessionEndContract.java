package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that has timed out but that the purge job has not ended yet ends as it timed out, whatever
 * action reaches it first: "sign out everywhere else", a password change, an administrator's or the
 * user's end of that one session. Its end reason, the instant it ended (its limit, not the action's
 * time), its end event, its revocation-feed row and the ended-sessions counter all name the timeout;
 * a live session the same action ends gets the action's reason. The {@code web} client times out
 * after 12 h idle; the {@code service} client here after 12 h absolute (its idle timeout the same, so
 * both limits are passed and the absolute one names the end); {@code mobile} (30 d idle) stays live.
 */
@TestPropertySource(properties = { "gatehouse.clients.service.refresh-idle-timeout=12h",
		"gatehouse.clients.service.refresh-absolute-lifetime=12h" })
abstract class TimedOutSessionEndContract extends TokenServiceIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	DatabaseClient db;

	@Test
	void endOthersWhenSessionsTimedOutUnpurgedThenEachEndsWithItsTimeoutAtItsLimitAndLiveOnesSignedOut() {
		String user = createUser("others");
		JsonNode idle = login(user, PASSWORD, "web");
		JsonNode absolute = loginAsServiceClient(user, PASSWORD);
		Instant idleLimit = this.clock.instant().plus(Duration.ofHours(12));
		this.clock.advance(Duration.ofHours(13));
		JsonNode caller = login(user, PASSWORD, "mobile");
		JsonNode live = login(user, PASSWORD, "mobile");
		Map<String, Double> before = counts();

		withToken(this.http.delete().uri("/auth/sessions?others=true"), caller).exchange().expectStatus().isNoContent();

		assertTimedOut(caller, idle, "expired_idle", idleLimit, "idle timeout PT12H exceeded");
		assertTimedOut(caller, absolute, "expired_absolute", idleLimit, "absolute lifetime PT12H reached");
		JsonNode signedOut = ended(caller, live);
		assertThat(signedOut.get("end_reason").asString()).isEqualTo("revoked_logout_all");
		assertThat(signedOut.get("ended_from_session_id").asString()).isEqualTo(caller.get("session_id").asString());
		assertThat(stored(live)).isEqualTo(Map.of("end_reason", "revoked_logout_all", "revocation", "revoked_logout_all"));
		assertThat(counted(before)).containsOnly(Map.entry("web/expired_idle", 1.0),
				Map.entry("service/expired_absolute", 1.0), Map.entry("mobile/revoked_logout_all", 1.0));
	}

	@Test
	void passwordChangeWhenAnotherSessionTimedOutUnpurgedThenItEndsExpiredIdleAndTheLiveOnesWithThePasswordChange() {
		String user = createUser("password");
		JsonNode idle = login(user, PASSWORD, "web");
		Instant idleLimit = this.clock.instant().plus(Duration.ofHours(12));
		this.clock.advance(Duration.ofHours(13));
		JsonNode caller = login(user, PASSWORD, "mobile");
		JsonNode live = login(user, PASSWORD, "mobile");
		Map<String, Double> before = counts();

		JsonNode renewed = this.http.post().uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(caller.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", PASSWORD, "new_password", "a-brand-new-passphrase-2"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertTimedOut(renewed, idle, "expired_idle", idleLimit, "idle timeout PT12H exceeded");
		assertThat(ended(renewed, live).get("end_reason").asString()).isEqualTo("revoked_password_change");
		assertThat(ended(renewed, caller).get("end_reason").asString()).isEqualTo("revoked_password_change");
		assertThat(counted(before)).containsOnly(Map.entry("web/expired_idle", 1.0),
				Map.entry("mobile/revoked_password_change", 2.0));
	}

	@Test
	void adminEndOneWhenSessionTimedOutUnpurgedThenExpiredIdleNotEndedByTheAdministrator() {
		String user = createUser("admin");
		JsonNode idle = login(user, PASSWORD, "web");
		Instant idleLimit = this.clock.instant().plus(Duration.ofHours(12));
		this.clock.advance(Duration.ofHours(13));
		JsonNode live = login(user, PASSWORD, "mobile");
		String adminToken = adminAccessToken();
		Map<String, Double> before = counts();

		this.http.delete().uri("/admin/users/{u}/sessions/{id}", user, idle.get("session_id").asString())
			.headers((headers) -> headers.setBearerAuth(adminToken))
			.exchange()
			.expectStatus().isNoContent();

		assertTimedOut(live, idle, "expired_idle", idleLimit, "idle timeout PT12H exceeded");
		assertThat(ended(live, idle).get("ended_by_admin").asBoolean()).isFalse();
		assertThat(counted(before)).containsOnly(Map.entry("web/expired_idle", 1.0));
	}

	@Test
	void endOneWhenSessionTimedOutUnpurgedThenExpiredIdleAndALiveOneStillSignedOut() {
		String user = createUser("one");
		JsonNode idle = login(user, PASSWORD, "web");
		Instant idleLimit = this.clock.instant().plus(Duration.ofHours(12));
		this.clock.advance(Duration.ofHours(13));
		JsonNode caller = login(user, PASSWORD, "mobile");
		JsonNode live = login(user, PASSWORD, "mobile");
		Map<String, Double> before = counts();

		withToken(this.http.delete().uri("/auth/sessions/{id}", idle.get("session_id").asString()), caller).exchange()
			.expectStatus().isNoContent();
		withToken(this.http.delete().uri("/auth/sessions/{id}", live.get("session_id").asString()), caller).exchange()
			.expectStatus().isNoContent();

		assertTimedOut(caller, idle, "expired_idle", idleLimit, "idle timeout PT12H exceeded");
		JsonNode signedOut = ended(caller, live);
		assertThat(signedOut.get("end_reason").asString()).isEqualTo("revoked_logout");
		assertThat(signedOut.get("ended_from_session_id").asString()).isEqualTo(caller.get("session_id").asString());
		assertThat(counted(before)).containsOnly(Map.entry("web/expired_idle", 1.0),
				Map.entry("mobile/revoked_logout", 1.0));
	}

	/** What the user reads and what is stored of a session that ended with its timeout. */
	private void assertTimedOut(JsonNode reader, JsonNode session, String reason, Instant limit, String detail) {
		JsonNode entry = ended(reader, session);
		assertThat(entry.get("end_reason").asString()).isEqualTo(reason);
		assertThat(Instant.parse(entry.get("ended_at").asString())).isEqualTo(limit);
		assertThat(entry.has("ended_from_session_id")).isFalse();
		JsonNode end = get("/auth/sessions/" + session.get("session_id").asString() + "/timeline", reader).get("end");
		assertThat(end.get("reason").asString()).isEqualTo(reason);
		assertThat(Instant.parse(end.get("at").asString())).isEqualTo(limit);
		assertThat(end.get("detail").asString()).isEqualTo(detail);
		assertThat(end.has("ip_address")).as("the timeout has no request").isFalse();
		assertThat(stored(session)).isEqualTo(Map.of("end_reason", reason, "revocation", reason));
		assertThat(endedAt(session)).isEqualTo(limit);
	}

	/** The session as the user's list of ended sessions shows it. */
	private JsonNode ended(JsonNode reader, JsonNode session) {
		for (JsonNode entry : get("/auth/sessions/ended", reader)) {
			if (entry.get("id").asString().equals(session.get("session_id").asString())) {
				return entry;
			}
		}
		throw new AssertionError("not among the ended sessions: " + session.get("session_id").asString());
	}

	/** The stored end reason and the reason of the session's revocation-feed row. */
	private Map<String, String> stored(JsonNode session) {
		return this.db.sql("select s.end_reason, r.reason as revocation from sessions s "
				+ "join session_revocations r on r.session_id = s.id where s.id = :id")
			.bind("id", UUID.fromString(session.get("session_id").asString()))
			.map((row) -> Map.of("end_reason", row.get("end_reason", String.class), "revocation",
					row.get("revocation", String.class)))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private Instant endedAt(JsonNode session) {
		return this.db.sql("select ended_at from sessions where id = :id")
			.bind("id", UUID.fromString(session.get("session_id").asString()))
			.map((row) -> row.get("ended_at", OffsetDateTime.class).toInstant())
			.one()
			.block(Duration.ofSeconds(10));
	}

	private JsonNode get(String path, JsonNode login) {
		return withToken(this.http.get().uri(path), login).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	/** {@code gatehouse_sessions_ended_total} of every client and reason, as {@code client/reason}. */
	private Map<String, Double> counts() {
		Map<String, Double> counts = new TreeMap<>();
		for (Counter counter : this.meters.find(SessionMetrics.ENDED).counters()) {
			counts.put(counter.getId().getTag("client") + "/" + counter.getId().getTag("reason"), counter.count());
		}
		return counts;
	}

	/** What moved since {@code before}. */
	private Map<String, Double> counted(Map<String, Double> before) {
		Map<String, Double> moved = new TreeMap<>();
		counts().forEach((series, count) -> {
			double delta = count - before.getOrDefault(series, 0.0);
			if (delta != 0) {
				moved.put(series, delta);
			}
		});
		return moved;
	}

}

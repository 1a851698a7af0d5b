package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Ends a {@link SessionSelection} of one user's sessions in five statements however many sessions it
 * holds (review finding F3: one by one, a thief's 7,500 sessions outlasted the store timeout of the
 * owner's password change). Inside the caller's transaction: the user's row is locked (session
 * creation takes the same lock, so no session of the user appears meanwhile), the selected rows are
 * locked ({@code select … for update}: a concurrent single end or refresh of one of them waits, then
 * finds it ended), then {@code INSERT … SELECT} writes one timeline event and one revocation-feed row per
 * selected session, and one {@code UPDATE} ends them. Plain SQL both stores run alike (H2 has no
 * data-modifying CTEs). Each feed row's {@code valid_until} is the end plus the access-token
 * lifetime of the session's client, as for a single end.
 */
@Component
final class SetBasedSessionEnd {

	private static final Logger logger = LoggerFactory.getLogger(SetBasedSessionEnd.class);

	private final DatabaseClient db;

	private final UserService users;

	private final ClientRegistry clients;

	private final SessionMetrics metrics;

	SetBasedSessionEnd(DatabaseClient db, UserService users, ClientRegistry clients, SessionMetrics metrics) {
		this.metrics = metrics;
		this.db = db;
		this.users = users;
		this.clients = clients;
	}

	/** Ends the selected sessions that are still live; emits how many this call ended. */
	Mono<Long> end(SessionSelection selection, SessionEndReason reason, RequestOrigin origin, String detail, Instant now) {
		Map<String, Object> common = new LinkedHashMap<>(selection.parameters());
		common.put("endedAt", SessionRows.at(now));
		common.put("reason", reason.code());
		String where = " from sessions where " + selection.condition();
		return this.users.lock(selection.userId())
			.then(lock(selection))
			.flatMap((locked) -> locked.isEmpty() ? Mono.just(0L) : insertEvents(where, common, origin, detail)
				.then(insertRevocations(where, common, now))
				.then(update("update sessions set ended_at = :endedAt, end_reason = :reason where " + selection.condition(),
						common))
				.flatMap((ended) -> this.metrics.ended(locked, reason).thenReturn(ended)))
			.doOnNext((ended) -> log(selection, reason, origin, ended));
	}

	private Mono<Long> insertEvents(String from, Map<String, Object> common, RequestOrigin origin, String detail) {
		Map<String, Object> parameters = new LinkedHashMap<>(common);
		parameters.put("ip", Parameter.fromOrEmpty(origin.ipAddress(), String.class));
		parameters.put("userAgent", Parameter.fromOrEmpty(origin.userAgent(), String.class));
		parameters.put("detail", Parameter.fromOrEmpty(detail, String.class));
		parameters.put("actorUserId", Parameter.fromOrEmpty(origin.actorUserId(), UUID.class));
		parameters.put("actorSessionId", Parameter.fromOrEmpty(origin.actorSessionId(), UUID.class));
		return update("insert into session_events (occurred_at, session_id, user_id, client_id, ip_address, user_agent, "
				+ "reason, detail, actor_user_id, actor_session_id) select cast(:endedAt as timestamp with time zone), id, "
				+ "user_id, client_id, cast(:ip as varchar(64)), cast(:userAgent as varchar(512)), "
				+ "cast(:reason as varchar(40)), cast(:detail as varchar(300)), cast(:actorUserId as uuid), "
				+ "cast(:actorSessionId as uuid)" + from, parameters);
	}

	private Mono<Long> insertRevocations(String from, Map<String, Object> common, Instant now) {
		Map<String, Object> parameters = new LinkedHashMap<>(common);
		StringBuilder validUntil = new StringBuilder("case");
		List<RegisteredClient> all = this.clients.all();
		for (int i = 0; i < all.size(); i++) {
			validUntil.append(" when client_id = :client").append(i).append(" then cast(:until").append(i)
				.append(" as timestamp with time zone)");
			parameters.put("client" + i, all.get(i).id());
			parameters.put("until" + i, SessionRows.at(now.plus(all.get(i).policy().accessTokenTtl())));
		}
		// A session of a client no longer configured: the longest lifetime any access token can have.
		validUntil.append(" else cast(:untilLongest as timestamp with time zone) end");
		parameters.put("untilLongest", SessionRows.at(now.plus(this.clients.longestAccessTokenTtl())));
		return update("insert into session_revocations (session_id, reason, revoked_at, valid_until) select id, "
				+ "cast(:reason as varchar(40)), cast(:endedAt as timestamp with time zone), " + validUntil + from,
				parameters);
	}

	/**
	 * Locks the selected rows and counts them per client (what the update will end: under these
	 * locks and the user's, the selection cannot change), read to the end before the next statement
	 * is sent: in a transaction every statement shares one connection, and one sent while another's
	 * rows are still being read waits on it.
	 */
	private Mono<Map<String, Long>> lock(SessionSelection selection) {
		String sql = "select client_id from sessions where " + selection.condition() + " for update";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql);
		for (Map.Entry<String, Object> parameter : selection.parameters().entrySet()) {
			spec = spec.bind(parameter.getKey(), parameter.getValue());
		}
		return spec.map((row) -> row.get("client_id", String.class))
			.all()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

	private Mono<Long> update(String sql, Map<String, Object> parameters) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql);
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			if (Pattern.compile(":" + parameter.getKey() + "\\b").matcher(sql).find()) {
				spec = spec.bind(parameter.getKey(), parameter.getValue());
			}
		}
		return spec.fetch().rowsUpdated();
	}

	private static void log(SessionSelection selection, SessionEndReason reason, RequestOrigin origin, long ended) {
		if (ended > 0 && logger.isInfoEnabled()) {
			logger.atInfo()
				.addKeyValue("user_id", selection.userId())
				.addKeyValue("reason", SessionEventReason.ended(reason))
				.addKeyValue("sessions", ended)
				.addKeyValue("ip_address", origin.ipAddress())
				.log("user " + selection.userId() + ": " + ended + " sessions ended: " + reason.code());
		}
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>A selected session that has timed out at the end's instant but was not ended yet (the purge job
 * runs every {@code purge-interval}) ends as it timed out, as a single end does: {@code expired_absolute}
 * if its absolute lifetime is reached, else {@code expired_idle}, at the instant it timed out, its event
 * naming its client's timeout and carrying no request origin. Every other selected session ends with the
 * caller's reason, detail and origin at that instant.
 */
@Component
final class SetBasedSessionEnd {

	private static final Logger logger = LoggerFactory.getLogger(SetBasedSessionEnd.class);

	private static final String ABSOLUTE_REACHED = "absolute_expires_at <= :now";

	private static final String IDLE_EXCEEDED = "idle_expires_at <= :now";

	private static final String TIMED_OUT = "(" + ABSOLUTE_REACHED + " or " + IDLE_EXCEEDED + ")";

	/** The reason each selected session ends with: the order of {@link Session#expiryAt}, then the caller's. */
	private static final String REASON = "case when " + ABSOLUTE_REACHED + " then cast(:expiredAbsolute as varchar(40)) "
			+ "when " + IDLE_EXCEEDED + " then cast(:expiredIdle as varchar(40)) else cast(:reason as varchar(40)) end";

	/** When each selected session ends: when it timed out ({@link Session#timesOutAt}), else now. */
	private static final String ENDED_AT = "case when " + TIMED_OUT + " then least(idle_expires_at, absolute_expires_at) "
			+ "else cast(:now as timestamp with time zone) end";

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
		common.put("now", SessionRows.at(now));
		common.put("reason", reason.code());
		common.put("expiredAbsolute", SessionEndReason.EXPIRED_ABSOLUTE.code());
		common.put("expiredIdle", SessionEndReason.EXPIRED_IDLE.code());
		String where = " from sessions where " + selection.condition();
		return this.users.lock(selection.userId())
			.then(lock(selection, common))
			.flatMap((locked) -> locked.isEmpty() ? Mono.just(0L) : insertEvents(where, common, origin, detail)
				.then(insertRevocations(where, common, now))
				.then(update("update sessions set end_reason = " + REASON + ", ended_at = " + ENDED_AT + " where "
						+ selection.condition(), common))
				.flatMap((ended) -> this.metrics.ended(locked).thenReturn(ended))
				.doOnNext((ended) -> log(selection, reason, origin, ended, timedOut(locked))));
	}

	private Mono<Long> insertEvents(String from, Map<String, Object> common, RequestOrigin origin, String detail) {
		Map<String, Object> parameters = new LinkedHashMap<>(common);
		parameters.put("ip", Parameter.fromOrEmpty(origin.ipAddress(), String.class));
		parameters.put("userAgent", Parameter.fromOrEmpty(origin.userAgent(), String.class));
		parameters.put("detail", Parameter.fromOrEmpty(detail, String.class));
		parameters.put("actorUserId", Parameter.fromOrEmpty(origin.actorUserId(), UUID.class));
		parameters.put("actorSessionId", Parameter.fromOrEmpty(origin.actorSessionId(), UUID.class));
		String absoluteDetail = perClient(parameters, "absoluteDetail", "varchar(300)",
				(client) -> SessionService.timeoutDetail(SessionEndReason.EXPIRED_ABSOLUTE, Optional.of(client)),
				SessionService.timeoutDetail(SessionEndReason.EXPIRED_ABSOLUTE, Optional.empty()));
		String idleDetail = perClient(parameters, "idleDetail", "varchar(300)",
				(client) -> SessionService.timeoutDetail(SessionEndReason.EXPIRED_IDLE, Optional.of(client)),
				SessionService.timeoutDetail(SessionEndReason.EXPIRED_IDLE, Optional.empty()));
		return update("insert into session_events (occurred_at, session_id, user_id, client_id, ip_address, user_agent, "
				+ "reason, detail, actor_user_id, actor_session_id) select " + ENDED_AT + ", id, user_id, client_id, "
				+ orRequest("cast(:ip as varchar(64))") + ", " + orRequest("cast(:userAgent as varchar(512))") + ", "
				+ REASON + ", case when " + ABSOLUTE_REACHED + " then " + absoluteDetail + " when " + IDLE_EXCEEDED
				+ " then " + idleDetail + " else cast(:detail as varchar(300)) end, "
				+ orRequest("cast(:actorUserId as uuid)") + ", " + orRequest("cast(:actorSessionId as uuid)") + from,
				parameters);
	}

	/** The request's value for a session ended by the request, none for one that had timed out. */
	private static String orRequest(String value) {
		return "case when " + TIMED_OUT + " then null else " + value + " end";
	}

	private Mono<Long> insertRevocations(String from, Map<String, Object> common, Instant now) {
		Map<String, Object> parameters = new LinkedHashMap<>(common);
		// A session of a client no longer configured: the longest lifetime any access token can have.
		String validUntil = perClient(parameters, "until", "timestamp with time zone",
				(client) -> SessionRows.at(now.plus(client.policy().accessTokenTtl())),
				SessionRows.at(now.plus(this.clients.longestAccessTokenTtl())));
		// revoked_at is when the row is written, for every row: the gateways measure their feed lag from it.
		return update("insert into session_revocations (session_id, reason, revoked_at, valid_until) select id, "
				+ REASON + ", cast(:now as timestamp with time zone), " + validUntil + from, parameters);
	}

	/**
	 * A {@code case} on the session's {@code client_id} giving {@code value} of each configured client
	 * (bound as {@code <name><i>}), {@code otherwise} for a client no longer configured.
	 */
	private String perClient(Map<String, Object> parameters, String name, String type,
			Function<RegisteredClient, Object> value, Object otherwise) {
		StringBuilder sql = new StringBuilder("case");
		List<RegisteredClient> all = this.clients.all();
		for (int i = 0; i < all.size(); i++) {
			sql.append(" when client_id = :").append(name).append("Client").append(i).append(" then cast(:").append(name)
				.append(i).append(" as ").append(type).append(")");
			parameters.put(name + "Client" + i, all.get(i).id());
			parameters.put(name + i, value.apply(all.get(i)));
		}
		sql.append(" else cast(:").append(name).append("Otherwise as ").append(type).append(") end");
		parameters.put(name + "Otherwise", otherwise);
		return sql.toString();
	}

	/**
	 * Locks the selected rows and counts them per client and the reason each will end with (what the
	 * update will end: under these locks and the user's, the selection cannot change), read to the end
	 * before the next statement is sent: in a transaction every statement shares one connection, and
	 * one sent while another's rows are still being read waits on it.
	 */
	private Mono<Map<String, Map<SessionEndReason, Long>>> lock(SessionSelection selection,
			Map<String, Object> common) {
		return select("select client_id, " + REASON + " as ending from sessions where " + selection.condition()
				+ " for update", common)
			.map((row) -> Map.entry(row.get("client_id", String.class),
					SessionEndReason.ofCode(row.get("ending", String.class))))
			.all()
			.collect(Collectors.groupingBy(Map.Entry::getKey,
					Collectors.groupingBy(Map.Entry::getValue, Collectors.counting())));
	}

	private DatabaseClient.GenericExecuteSpec select(String sql, Map<String, Object> parameters) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql);
		for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
			if (Pattern.compile(":" + parameter.getKey() + "\\b").matcher(sql).find()) {
				spec = spec.bind(parameter.getKey(), parameter.getValue());
			}
		}
		return spec;
	}

	private static long timedOut(Map<String, Map<SessionEndReason, Long>> locked) {
		return locked.values()
			.stream()
			.flatMap((reasons) -> reasons.entrySet().stream())
			.filter((ending) -> ending.getKey() == SessionEndReason.EXPIRED_IDLE
					|| ending.getKey() == SessionEndReason.EXPIRED_ABSOLUTE)
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	private Mono<Long> update(String sql, Map<String, Object> parameters) {
		return select(sql, parameters).fetch().rowsUpdated();
	}

	private static void log(SessionSelection selection, SessionEndReason reason, RequestOrigin origin, long ended,
			long timedOut) {
		if (ended > 0 && logger.isInfoEnabled()) {
			logger.atInfo()
				.addKeyValue("user_id", selection.userId())
				.addKeyValue("reason", SessionEventReason.ended(reason))
				.addKeyValue("sessions", ended)
				.addKeyValue("timed_out", timedOut)
				.addKeyValue("ip_address", origin.ipAddress())
				.log("user " + selection.userId() + ": " + ended + " sessions ended: " + reason.code()
						+ ((timedOut > 0) ? " (" + timedOut + " of them had timed out and ended with their timeout)" : ""));
		}
	}

}

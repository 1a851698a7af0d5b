package io.gatehouse.tokenservice.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

/**
 * The persisted session timeline ("why was I logged out?"), written in the same transaction as the
 * change it records. Creation and every end are also logged, by id, never with a token: a readable
 * message plus the fields {@code session_id}, {@code user_id}, {@code client_id}, {@code reason},
 * {@code ip_address} and {@code detail} as key-value pairs, which Spring Boot's structured logging
 * ({@code logging.structured.format.console=ecs} or {@code logstash}) writes as JSON fields.
 */
@Component
public final class AuditTrail {

	private static final Logger logger = LoggerFactory.getLogger(AuditTrail.class);

	private final DatabaseClient db;

	AuditTrail(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> record(SessionEvent event) {
		return insert(event).fetch().rowsUpdated().then();
	}

	/** Records the event and emits its id, for an event that may be {@link #reclassifyIf reclassified} later. */
	public Mono<Long> recordReturningId(SessionEvent event) {
		return insert(event).filter((statement) -> statement.returnGeneratedValues("id"))
			.map((row) -> row.get("id", Long.class))
			.one();
	}

	/**
	 * Changes what an event records only while it still records {@code expected}, so of two
	 * settlements of one provisional event the first wins.
	 */
	public Mono<Void> reclassifyIf(long id, String expected, String reason, String detail) {
		return this.db.sql("update session_events set reason = :reason, detail = :detail where id = :id and reason = :expected")
			.bind("reason", reason)
			.bind("detail", Parameter.fromOrEmpty(detail, String.class))
			.bind("id", id)
			.bind("expected", expected)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/**
	 * When the newest {@code limit} events of one session happened that record {@code reason} after
	 * {@code since}, or {@code provisional} after {@code provisionalSince}; newest first. One
	 * statement, so an event that turns from the one into the other meanwhile is seen exactly once.
	 */
	public Flux<Instant> recentOfSession(UUID sessionId, String reason, Instant since, String provisional,
			Instant provisionalSince, int limit) {
		return recent("session_id", sessionId, reason, since, provisional, provisionalSince, limit);
	}

	/** The same as {@link #recentOfSession} over every session of one user. */
	public Flux<Instant> recentOfUser(UUID userId, String reason, Instant since, String provisional,
			Instant provisionalSince, int limit) {
		return recent("user_id", userId, reason, since, provisional, provisionalSince, limit);
	}

	private Flux<Instant> recent(String column, UUID id, String reason, Instant since, String provisional,
			Instant provisionalSince, int limit) {
		return this.db.sql("select occurred_at from session_events where " + column + " = :id and ((reason = :reason "
				+ "and occurred_at > :since) or (reason = :provisional and occurred_at > :provisionalSince)) "
				+ "order by occurred_at desc limit " + limit)
			.bind("id", id)
			.bind("reason", reason)
			.bind("since", since.atOffset(ZoneOffset.UTC))
			.bind("provisional", provisional)
			.bind("provisionalSince", provisionalSince.atOffset(ZoneOffset.UTC))
			.map((row) -> row.get("occurred_at", OffsetDateTime.class).toInstant())
			.all();
	}

	private DatabaseClient.GenericExecuteSpec insert(SessionEvent event) {
		if (!SessionEventReason.REFRESHED.equals(event.reason()) && !SessionEventReason.REUSE_GRACE_USED.equals(event.reason())
				&& logger.isInfoEnabled()) {
			log(event);
		}
		return this.db.sql("insert into session_events (occurred_at, session_id, user_id, client_id, ip_address, "
				+ "user_agent, reason, detail, actor_user_id, actor_session_id) values (:at, :sessionId, :userId, :clientId, "
				+ ":ip, :userAgent, :reason, :detail, :actorUserId, :actorSessionId)")
			.bind("at", event.occurredAt().atOffset(ZoneOffset.UTC))
			.bind("sessionId", event.sessionId())
			.bind("userId", event.userId())
			.bind("clientId", event.clientId())
			.bind("ip", Parameter.fromOrEmpty(event.ipAddress(), String.class))
			.bind("userAgent", Parameter.fromOrEmpty(event.userAgent(), String.class))
			.bind("reason", event.reason())
			.bind("detail", Parameter.fromOrEmpty(event.detail(), String.class))
			.bind("actorUserId", Parameter.fromOrEmpty(event.actorUserId(), UUID.class))
			.bind("actorSessionId", Parameter.fromOrEmpty(event.actorSessionId(), UUID.class));
	}

	private static void log(SessionEvent event) {
		LoggingEventBuilder line = logger.atInfo()
			.addKeyValue("session_id", event.sessionId())
			.addKeyValue("user_id", event.userId())
			.addKeyValue("client_id", event.clientId())
			.addKeyValue("reason", event.reason());
		if (event.ipAddress() != null) {
			line = line.addKeyValue("ip_address", event.ipAddress());
		}
		if (event.userAgent() != null) {
			line = line.addKeyValue("user_agent", event.userAgent());
		}
		if (event.detail() != null) {
			line = line.addKeyValue("detail", event.detail());
		}
		if (event.actorUserId() != null && !event.actorUserId().equals(event.userId())) {
			line = line.addKeyValue("actor_id", event.actorUserId());
		}
		line.log("session " + event.sessionId() + " user " + event.userId() + " client " + event.clientId() + ": "
				+ event.reason() + ((event.detail() != null) ? " (" + event.detail() + ")" : ""));
	}

	public Flux<SessionEvent> forSession(UUID sessionId) {
		return this.db.sql("select * from session_events where session_id = :id order by occurred_at, id")
			.bind("id", sessionId)
			.map(AuditTrail::toEvent)
			.all();
	}

	public Flux<SessionEvent> forUser(UUID userId) {
		return this.db.sql("select * from session_events where user_id = :id order by occurred_at, id")
			.bind("id", userId)
			.map(AuditTrail::toEvent)
			.all();
	}

	/** The user's events since {@code since} that record one of {@code reasons}, oldest first. */
	public Flux<SessionEvent> forUserSince(UUID userId, Instant since, Collection<String> reasons) {
		return this.db.sql("select * from session_events where user_id = :id and occurred_at >= :since and reason in "
				+ "(:reasons) order by occurred_at, id")
			.bind("id", userId)
			.bind("since", since.atOffset(ZoneOffset.UTC))
			.bind("reasons", List.copyOf(reasons))
			.map(AuditTrail::toEvent)
			.all();
	}

	private static SessionEvent toEvent(Readable row) {
		return new SessionEvent(row.get("occurred_at", OffsetDateTime.class).toInstant(), row.get("session_id", UUID.class),
				row.get("user_id", UUID.class), row.get("client_id", String.class), row.get("ip_address", String.class),
				row.get("user_agent", String.class), row.get("reason", String.class), row.get("detail", String.class),
				row.get("actor_user_id", UUID.class), row.get("actor_session_id", UUID.class));
	}

	/** Deletes events, failed logins and admin actions older than {@code cutoff}; emits how many rows went. */
	public Mono<Long> deleteBefore(Instant cutoff) {
		return Flux.just("session_events", "login_failures", "admin_actions")
			.concatMap((table) -> this.db.sql("delete from " + table + " where occurred_at < :cutoff")
				.bind("cutoff", cutoff.atOffset(ZoneOffset.UTC))
				.fetch()
				.rowsUpdated())
			.reduce(0L, Long::sum);
	}

}

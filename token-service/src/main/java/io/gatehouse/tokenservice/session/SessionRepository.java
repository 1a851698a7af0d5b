package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code sessions}. Every state change is a conditional update whose row count says
 * whether this caller made it, so concurrent requests on one session serialise on its row lock.
 */
@Repository
public class SessionRepository {

	private final DatabaseClient db;

	SessionRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Session> insert(Session session) {
		return this.db.sql("insert into sessions (id, user_id, client_id, scope, created_at, last_refreshed_at, "
				+ "idle_expires_at, absolute_expires_at, generation, user_agent, ip_address) values (:id, :userId, "
				+ ":clientId, :scope, :createdAt, :lastRefreshedAt, :idleExpiresAt, :absoluteExpiresAt, :generation, "
				+ ":userAgent, :ipAddress)")
			.bind("id", session.id())
			.bind("userId", session.userId())
			.bind("clientId", session.clientId())
			.bind("scope", session.scope())
			.bind("createdAt", SessionRows.at(session.createdAt()))
			.bind("lastRefreshedAt", SessionRows.at(session.lastRefreshedAt()))
			.bind("idleExpiresAt", SessionRows.at(session.idleExpiresAt()))
			.bind("absoluteExpiresAt", SessionRows.at(session.absoluteExpiresAt()))
			.bind("generation", session.generation())
			.bind("userAgent", nullable(session.userAgent()))
			.bind("ipAddress", nullable(session.ipAddress()))
			.fetch()
			.rowsUpdated()
			.thenReturn(session);
	}

	public Mono<Session> findById(UUID id) {
		return this.db.sql("select " + SessionRows.COLUMNS + " from sessions s where s.id = :id")
			.bind("id", id)
			.map(SessionRows::toSession)
			.one();
	}

	/** The sessions of a user that have not ended and not timed out at {@code now}, newest first. */
	public Flux<Session> findLiveByUser(UUID userId, Instant now) {
		return this.db.sql("select " + SessionRows.COLUMNS + " from sessions s where s.user_id = :userId and s.ended_at is null "
				+ "and s.idle_expires_at > :now and s.absolute_expires_at > :now order by s.created_at desc")
			.bind("userId", userId)
			.bind("now", SessionRows.at(now))
			.map(SessionRows::toSession)
			.all();
	}

	/**
	 * The user's sessions that ended at or after {@code since} or have timed out by {@code now} without
	 * being ended yet, most recently created first, at most {@code limit}.
	 */
	public Flux<Session> findRecentlyEndedByUser(UUID userId, Instant since, Instant now, int limit) {
		return this.db.sql("select " + SessionRows.COLUMNS + " from sessions s where s.user_id = :userId and "
				+ "((s.ended_at is not null and s.ended_at >= :since) or (s.ended_at is null and "
				+ "(s.idle_expires_at <= :now or s.absolute_expires_at <= :now))) order by s.created_at desc, s.id "
				+ "fetch first " + limit + " rows only")
			.bind("userId", userId)
			.bind("since", SessionRows.at(since))
			.bind("now", SessionRows.at(now))
			.map(SessionRows::toSession)
			.all();
	}

	/** How many sessions of the user have neither ended nor timed out at {@code now}. */
	Mono<Long> countLiveByUser(UUID userId, Instant now) {
		return this.db.sql("select count(*) as live from sessions where user_id = :userId and ended_at is null "
				+ "and idle_expires_at > :now and absolute_expires_at > :now")
			.bind("userId", userId)
			.bind("now", SessionRows.at(now))
			.map((row) -> row.get("live", Long.class))
			.one();
	}

	/** Live sessions already past an expiry at {@code now}, at most {@code limit} of them. */
	Flux<Session> findTimedOut(Instant now, int limit) {
		return this.db.sql("select " + SessionRows.COLUMNS + " from sessions s where s.ended_at is null and "
				+ "(s.idle_expires_at <= :now or s.absolute_expires_at <= :now) order by s.idle_expires_at limit " + limit)
			.bind("now", SessionRows.at(now))
			.map(SessionRows::toSession)
			.all();
	}

	/** Moves the session from {@code generation} to the next one; 0 rows when another request did first. */
	public Mono<Long> advance(UUID id, int generation, Instant now, Instant idleExpiresAt) {
		return this.db.sql("update sessions set generation = generation + 1, last_refreshed_at = :now, "
				+ "idle_expires_at = :idle where id = :id and generation = :generation and ended_at is null")
			.bind("now", SessionRows.at(now))
			.bind("idle", SessionRows.at(idleExpiresAt))
			.bind("id", id)
			.bind("generation", generation)
			.fetch()
			.rowsUpdated();
	}

	/** Locks the session row if it is still live at {@code generation}; 0 rows otherwise. */
	public Mono<Long> lockAtGeneration(UUID id, int generation) {
		return this.db.sql("update sessions set generation = generation where id = :id and generation = :generation "
				+ "and ended_at is null")
			.bind("id", id)
			.bind("generation", generation)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * The session if it has not ended, its row locked until the transaction ends (a refresh or another end
	 * of it waits): what an end decides on cannot change before it is written.
	 */
	Mono<Session> lockIfNotEnded(UUID id) {
		return this.db.sql("select " + SessionRows.COLUMNS + " from sessions s where s.id = :id and s.ended_at is null "
				+ "for update")
			.bind("id", id)
			.map(SessionRows::toSession)
			.one();
	}

	/** Ends the session at {@code endedAt} unless it already ended; 1 when this call ended it. */
	Mono<Long> end(UUID id, Instant endedAt, SessionEndReason reason) {
		return this.db.sql("update sessions set ended_at = :now, end_reason = :reason where id = :id and ended_at is null")
			.bind("now", SessionRows.at(endedAt))
			.bind("reason", reason.code())
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	/** Deletes sessions that ended before {@code cutoff} (their refresh tokens go with them). */
	Mono<Long> deleteEndedBefore(Instant cutoff) {
		return this.db.sql("delete from sessions where ended_at is not null and ended_at < :cutoff")
			.bind("cutoff", SessionRows.at(cutoff))
			.fetch()
			.rowsUpdated();
	}

	private static org.springframework.r2dbc.core.Parameter nullable(String value) {
		return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code session_revocations}: appended when a session ends, read by cursor, purged after {@code valid_until}. */
@Repository
public class SessionRevocationRepository {

	private final DatabaseClient db;

	SessionRevocationRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> append(UUID sessionId, String reason, Instant revokedAt, Instant validUntil) {
		return this.db.sql("insert into session_revocations (session_id, reason, revoked_at, valid_until) "
				+ "values (:sessionId, :reason, :revokedAt, :validUntil)")
			.bind("sessionId", sessionId)
			.bind("reason", reason)
			.bind("revokedAt", revokedAt.atOffset(ZoneOffset.UTC))
			.bind("validUntil", validUntil.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** Revocations after {@code cursor} whose tokens may still be valid at {@code now}, in feed order. */
	Flux<SessionRevocation> after(long cursor, Instant now, int limit) {
		return this.db.sql("select id, session_id, reason, revoked_at, valid_until from session_revocations "
				+ "where id > :cursor and valid_until > :now order by id limit " + limit)
			.bind("cursor", cursor)
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.map((row) -> new SessionRevocation(row.get("id", Long.class), row.get("session_id", UUID.class),
					row.get("reason", String.class), row.get("revoked_at", OffsetDateTime.class).toInstant(),
					row.get("valid_until", OffsetDateTime.class).toInstant()))
			.all();
	}

	public Mono<Long> deleteExpired(Instant now) {
		return this.db.sql("delete from session_revocations where valid_until <= :now")
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

}

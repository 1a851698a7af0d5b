package io.gatehouse.tokenservice.revocation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code session_revocations}: appended when a session ends, read by raw id page, purged
 * {@code retention-after-expiry} after {@code valid_until} (all but the newest). Every feed read is counted in
 * {@code gatehouse.revocation.feed.queries}.
 */
@Repository
public class SessionRevocationRepository {

	private static final String COLUMNS = "select id, session_id, reason, revoked_at, valid_until from session_revocations ";

	private final DatabaseClient db;

	private final RevocationFeedProperties properties;

	private final Counter queries;

	SessionRevocationRepository(DatabaseClient db, RevocationFeedProperties properties, MeterRegistry meters) {
		this.db = db;
		this.properties = properties;
		this.queries = meters.counter("gatehouse.revocation.feed.queries");
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

	/**
	 * The raw page of up to {@code limit} rows after {@code cursor} in id order, expired ones
	 * included: a page ends at its last row whatever the caller filters out of it.
	 */
	Mono<List<SessionRevocation>> after(long cursor, int limit) {
		return Mono.defer(() -> {
			this.queries.increment();
			return this.db.sql(COLUMNS + "where id > :cursor order by id limit " + limit)
				.bind("cursor", cursor)
				.map(SessionRevocationRepository::revocation)
				.all()
				.collectList();
		});
	}

	/** The rows whose ids fall in any of the gaps (at most 1,000 gaps), in id order. */
	Mono<List<SessionRevocation>> within(List<FeedCursor.Gap> gaps) {
		if (gaps.isEmpty()) {
			return Mono.just(List.of());
		}
		return Mono.defer(() -> {
			this.queries.increment();
			StringBuilder where = new StringBuilder();
			for (int i = 0; i < gaps.size(); i++) {
				where.append((i == 0) ? "" : " or ").append("id between :first").append(i).append(" and :last").append(i);
			}
			DatabaseClient.GenericExecuteSpec spec = this.db.sql(COLUMNS + "where " + where + " order by id");
			for (int i = 0; i < gaps.size(); i++) {
				spec = spec.bind("first" + i, gaps.get(i).first()).bind("last" + i, gaps.get(i).last());
			}
			return spec.map(SessionRevocationRepository::revocation).all().collectList();
		});
	}

	/**
	 * Deletes the revocations no gateway needs any more: {@code valid_until} plus
	 * {@code retention-after-expiry} has passed. The newest row is kept whatever its age: the highest id
	 * is how the feed knows a gateway's cursor is one this store handed out (see {@link StoreIncarnation}).
	 */
	public Mono<Long> deleteExpired(Instant now) {
		return this.db.sql("delete from session_revocations where valid_until <= :cutoff "
				+ "and id < (select max(id) from session_revocations)")
			.bind("cutoff", now.minus(this.properties.retentionAfterExpiry()).atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

	private static SessionRevocation revocation(Readable row) {
		return new SessionRevocation(row.get("id", Long.class), row.get("session_id", UUID.class),
				row.get("reason", String.class), row.get("revoked_at", OffsetDateTime.class).toInstant(),
				row.get("valid_until", OffsetDateTime.class).toInstant());
	}

}

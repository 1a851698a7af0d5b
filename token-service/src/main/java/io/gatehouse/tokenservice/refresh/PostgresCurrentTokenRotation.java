package io.gatehouse.tokenservice.refresh;

import java.time.Instant;
import java.time.ZoneOffset;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.SessionRows;
import io.gatehouse.tokenservice.user.Roles;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * {@link CurrentTokenRotation} on PostgreSQL: one statement (data-modifying CTEs, so one implicit
 * transaction) that advances the session only while the presented token's generation is the
 * session's, stores the successor and appends the {@code refreshed} event. Two refreshes of one
 * token serialise on the session row; the second re-checks the generation after the first commits
 * (READ COMMITTED re-evaluation of the updated row), matches nothing and falls back to the full
 * decision, which applies the grace rule.
 */
final class PostgresCurrentTokenRotation implements CurrentTokenRotation {

	private static final String SQL = "with advanced as ("
			+ " update sessions s set generation = s.generation + 1, last_refreshed_at = :now,"
			+ " idle_expires_at = least(:idle, s.absolute_expires_at)"
			+ " from refresh_tokens t"
			+ " where t.token_hash = :hash and s.id = t.session_id and s.generation = t.generation"
			+ " and s.ended_at is null and s.client_id = :clientId"
			+ " and s.idle_expires_at > :now and s.absolute_expires_at > :now"
			+ " returning s.*),"
			+ " successor as (insert into refresh_tokens (token_hash, session_id, generation, issued_at)"
			+ " select :successor, id, generation, :now from advanced),"
			+ " event as (insert into session_events (occurred_at, session_id, user_id, client_id, ip_address, reason, detail)"
			+ " select :now, id, user_id, client_id, :ip, '" + SessionEventReason.REFRESHED + "', null from advanced)"
			+ " select " + SessionRows.COLUMNS + ", u.username, u.roles from advanced s join users u on u.id = s.user_id";

	private final DatabaseClient db;

	PostgresCurrentTokenRotation(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<RotationResult.Rotated> rotate(String hash, String successor, RegisteredClient client,
			RequestOrigin origin, Instant now) {
		return this.db.sql(SQL)
			.bind("now", now.atOffset(ZoneOffset.UTC))
			.bind("idle", now.plus(client.policy().refreshIdleTimeout()).atOffset(ZoneOffset.UTC))
			.bind("hash", hash)
			.bind("clientId", client.id())
			.bind("successor", RefreshTokens.hash(successor))
			.bind("ip", Parameter.fromOrEmpty(origin.ipAddress(), String.class))
			.map((row) -> new RotationResult.Rotated(SessionRows.toSession(row), successor,
					row.get("username", String.class), Roles.parse(row.get("roles", String.class))))
			.one();
	}

}

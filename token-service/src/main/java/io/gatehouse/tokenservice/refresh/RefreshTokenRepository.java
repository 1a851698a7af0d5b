package io.gatehouse.tokenservice.refresh;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.gatehouse.tokenservice.session.SessionRows;
import io.gatehouse.tokenservice.user.Roles;

/** Rows of {@code refresh_tokens}, keyed by token hash. */
@Repository
public class RefreshTokenRepository {

	private final DatabaseClient db;

	RefreshTokenRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> insert(String tokenHash, UUID sessionId, int generation, Instant issuedAt) {
		return this.db.sql("insert into refresh_tokens (token_hash, session_id, generation, issued_at) "
				+ "values (:hash, :sessionId, :generation, :issuedAt)")
			.bind("hash", tokenHash)
			.bind("sessionId", sessionId)
			.bind("generation", generation)
			.bind("issuedAt", issuedAt.atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** How many tokens the session holds at {@code generation}: its successor plus the grace siblings minted so far. */
	Mono<Long> countAtGeneration(UUID sessionId, int generation) {
		return this.db.sql("select count(*) as tokens from refresh_tokens where session_id = :sessionId and generation = :generation")
			.bind("sessionId", sessionId)
			.bind("generation", generation)
			.map((row) -> row.get("tokens", Long.class))
			.one();
	}

	Mono<PresentedToken> findByHash(String tokenHash) {
		return this.db.sql("select t.generation as token_generation, " + SessionRows.COLUMNS
				+ ", u.username, u.roles from refresh_tokens t join sessions s on s.id = t.session_id "
				+ "join users u on u.id = s.user_id where t.token_hash = :hash")
			.bind("hash", tokenHash)
			.map((row) -> new PresentedToken(row.get("token_generation", Integer.class), SessionRows.toSession(row),
					row.get("username", String.class), Roles.parse(row.get("roles", String.class))))
			.one();
	}

}

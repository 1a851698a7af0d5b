package io.gatehouse.tokenservice.authorization;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code authorization_requests} and {@code authorization_codes}. Completing a request and
 * consuming a code are conditional updates whose row count says whether this caller did it, so two
 * concurrent uses serialise on the row and only one wins.
 */
@Repository
public class AuthorizationStore {

	private final DatabaseClient db;

	AuthorizationStore(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(AuthorizationRequest request) {
		return this.db.sql("insert into authorization_requests (id, client_id, redirect_uri, state, code_challenge, scope, "
				+ "nonce, login_hint, browser_hash, created_at, expires_at) values (:id, :clientId, :redirectUri, :state, "
				+ ":challenge, :scope, :nonce, :loginHint, :browserHash, :createdAt, :expiresAt)")
			.bind("id", request.id())
			.bind("clientId", request.clientId())
			.bind("redirectUri", request.redirectUri())
			.bind("state", nullable(request.state()))
			.bind("challenge", request.codeChallenge())
			.bind("scope", request.scope())
			.bind("nonce", nullable(request.nonce()))
			.bind("loginHint", nullable(request.loginHint()))
			.bind("browserHash", request.browserHash())
			.bind("createdAt", at(request.createdAt()))
			.bind("expiresAt", at(request.expiresAt()))
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** The request with this id, whatever its state. */
	public Mono<AuthorizationRequest> findRequest(String id) {
		return this.db.sql("select * from authorization_requests where id = :id")
			.bind("id", id)
			.map(AuthorizationStore::toRequest)
			.one();
	}

	/** Marks the request completed unless it already was; 1 when this call completed it. */
	Mono<Long> complete(String id, Instant now) {
		return this.db.sql("update authorization_requests set completed_at = :now where id = :id and completed_at is null")
			.bind("now", at(now))
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> insert(AuthorizationCode code) {
		return this.db.sql("insert into authorization_codes (code_hash, client_id, redirect_uri, code_challenge, user_id, "
				+ "scope, nonce, auth_time, password_fingerprint, issued_at, expires_at) values (:hash, :clientId, "
				+ ":redirectUri, :challenge, :userId, :scope, :nonce, :authTime, :fingerprint, :issuedAt, :expiresAt)")
			.bind("hash", code.codeHash())
			.bind("clientId", code.clientId())
			.bind("redirectUri", code.redirectUri())
			.bind("challenge", code.codeChallenge())
			.bind("userId", code.userId())
			.bind("scope", code.scope())
			.bind("nonce", nullable(code.nonce()))
			.bind("authTime", at(code.authTime()))
			.bind("fingerprint", code.passwordFingerprint())
			.bind("issuedAt", at(code.issuedAt()))
			.bind("expiresAt", at(code.expiresAt()))
			.fetch()
			.rowsUpdated()
			.then();
	}

	Mono<AuthorizationCode> findCode(String codeHash) {
		return this.db.sql("select * from authorization_codes where code_hash = :hash")
			.bind("hash", codeHash)
			.map(AuthorizationStore::toCode)
			.one();
	}

	/** Consumes the code unless it already was; 1 when this call consumed it. */
	Mono<Long> consume(String codeHash, Instant now) {
		return this.db.sql("update authorization_codes set consumed_at = :now where code_hash = :hash and consumed_at is null")
			.bind("now", at(now))
			.bind("hash", codeHash)
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> recordSession(String codeHash, UUID sessionId) {
		return this.db.sql("update authorization_codes set session_id = :sessionId where code_hash = :hash")
			.bind("sessionId", sessionId)
			.bind("hash", codeHash)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** Deletes requests that expired before {@code requestCutoff} and codes that expired before {@code codeCutoff}. */
	public Mono<Long> deleteExpired(Instant requestCutoff, Instant codeCutoff) {
		Mono<Long> requests = this.db.sql("delete from authorization_requests where expires_at < :cutoff")
			.bind("cutoff", at(requestCutoff))
			.fetch()
			.rowsUpdated();
		Mono<Long> codes = this.db.sql("delete from authorization_codes where expires_at < :cutoff")
			.bind("cutoff", at(codeCutoff))
			.fetch()
			.rowsUpdated();
		return requests.zipWith(codes, Long::sum);
	}

	private static AuthorizationRequest toRequest(Readable row) {
		return new AuthorizationRequest(row.get("id", String.class), row.get("client_id", String.class),
				row.get("redirect_uri", String.class), row.get("state", String.class),
				row.get("code_challenge", String.class), row.get("scope", String.class), row.get("nonce", String.class),
				row.get("login_hint", String.class), row.get("browser_hash", String.class), instant(row, "created_at"),
				instant(row, "expires_at"), instant(row, "completed_at"));
	}

	private static AuthorizationCode toCode(Readable row) {
		return new AuthorizationCode(row.get("code_hash", String.class), row.get("client_id", String.class),
				row.get("redirect_uri", String.class), row.get("code_challenge", String.class),
				row.get("user_id", UUID.class), row.get("scope", String.class), row.get("nonce", String.class),
				instant(row, "auth_time"), row.get("password_fingerprint", String.class), instant(row, "issued_at"), instant(row, "expires_at"),
				instant(row, "consumed_at"), row.get("session_id", UUID.class));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Parameter nullable(String value) {
		return Parameter.fromOrEmpty(value, String.class);
	}

}

package io.gatehouse.tokenservice.signing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Reads and adds rows of {@code signing_keys}; rows are never updated. */
@Repository
class SigningKeyRepository {

	private final DatabaseClient db;

	SigningKeyRepository(DatabaseClient db) {
		this.db = db;
	}

	Flux<StoredSigningKey> findAll() {
		return this.db
			.sql("select kid, generation, algorithm, public_jwk, sealed_private_jwk, created_at, activates_at "
					+ "from signing_keys order by generation")
			.map((row, meta) -> new StoredSigningKey(row.get("kid", String.class), row.get("generation", Integer.class),
					row.get("algorithm", String.class), row.get("public_jwk", String.class),
					row.get("sealed_private_jwk", String.class), instant(row.get("created_at", OffsetDateTime.class)),
					instant(row.get("activates_at", OffsetDateTime.class))))
			.all();
	}

	/** Inserts the key; completes empty when another replica already added this generation. */
	Mono<StoredSigningKey> insertUnlessGenerationTaken(StoredSigningKey key) {
		return this.db
			.sql("insert into signing_keys (kid, generation, algorithm, public_jwk, sealed_private_jwk, created_at, activates_at) "
					+ "values (:kid, :generation, :algorithm, :publicJwk, :sealed, :createdAt, :activatesAt)")
			.bind("kid", key.kid())
			.bind("generation", key.generation())
			.bind("algorithm", key.algorithm())
			.bind("publicJwk", key.publicJwk())
			.bind("sealed", key.sealedPrivateJwk())
			.bind("createdAt", key.createdAt().atOffset(ZoneOffset.UTC))
			.bind("activatesAt", key.activatesAt().atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.thenReturn(key)
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.empty());
	}

	static Instant instant(OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}

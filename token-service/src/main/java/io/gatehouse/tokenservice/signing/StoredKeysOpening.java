package io.gatehouse.tokenservice.signing;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Whether a key-encryption key opens every signing key in the store, found without loading or
 * adding any: what the configuration doctor reports before a start would be refused for it.
 *
 * @param stored how many signing keys the store holds
 * @param failure why the first one that does not open fails ({@code null} when all open)
 * @param action what to set so that it opens ({@code null} when all open)
 */
public record StoredKeysOpening(int stored, String failure, String action) {

	/** Tries {@code key} on every stored signing key, in generation order, and stops at the first that fails. */
	public static Mono<StoredKeysOpening> check(DatabaseClient db, KeyEncryptionKey key) {
		PrivateKeySealer sealer = new PrivateKeySealer(key);
		return new SigningKeyRepository(db).findAll()
			.collectList()
			.map((keys) -> Flux.fromIterable(keys)
				.map((stored) -> opening(sealer, stored, keys.size()))
				.filter((opening) -> opening.failure() != null)
				.next()
				.defaultIfEmpty(new StoredKeysOpening(keys.size(), null, null)))
			.flatMap((first) -> first);
	}

	/** Whether every stored key opened. */
	public boolean opens() {
		return this.failure == null;
	}

	private static StoredKeysOpening opening(PrivateKeySealer sealer, StoredSigningKey stored, int count) {
		try {
			sealer.unseal(stored.kid(), stored.sealedPrivateJwk());
			return new StoredKeysOpening(count, null, null);
		}
		catch (PrivateKeySealer.WrongKeyEncryptionKeyException ex) {
			return new StoredKeysOpening(count, ex.getMessage() + ".", ex.action());
		}
		catch (Exception ex) {
			return new StoredKeysOpening(count, "Cannot read stored signing key " + stored.kid() + ": " + ex.getMessage(),
					"Restore the signing_keys table from a backup.");
		}
	}

}

package io.gatehouse.tokenservice.doctor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.client.DevelopmentClientSecretGuard;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.config.StartupRefusal;
import io.gatehouse.tokenservice.signing.KeyEncryptionKey;
import io.gatehouse.tokenservice.signing.SigningProperties;
import io.gatehouse.tokenservice.signing.StoredKeysOpening;

/**
 * The secrets users' sessions rest on: no key-encryption key (production refuses to start), one
 * that is not 32 bytes of base64, in production one that is also the development key file beside
 * the data (whoever reads the data directory can then mint tokens), one that does not open the
 * signing keys in the store (production or not, the start is refused), and in production a
 * confidential client with one of the development secrets shipped in this repository.
 */
final class SecretChecks implements DoctorCheck {

	private static final String KEK_SETTING = "GATEHOUSE_KEY_ENCRYPTION_KEY (gatehouse.signing.key-encryption-key)";

	private final SigningProperties signing;

	private final GatehouseProperties gatehouse;

	private final ClientsProperties clients;

	private final boolean production;

	private final StoreAccess store;

	SecretChecks(SigningProperties signing, GatehouseProperties gatehouse, ClientsProperties clients, boolean production,
			StoreAccess store) {
		this.signing = signing;
		this.gatehouse = gatehouse;
		this.clients = clients;
		this.production = production;
		this.store = store;
	}

	@Override
	public Flux<Finding> findings() {
		return keyEncryptionKey().concatWith(Mono.fromCallable(this::clientSecrets)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMapMany(Flux::fromIterable));
	}

	private Flux<Finding> keyEncryptionKey() {
		String configured = this.signing.keyEncryptionKey();
		Path developmentFile = KeyEncryptionKey.developmentFile(this.gatehouse.dataDir());
		if (configured == null || configured.isBlank()) {
			if (this.production) {
				return Flux.just(Finding.error("secrets.no-key-encryption-key", "No one can sign in: production mode "
						+ "refuses to start without the key that encrypts the signing keys.", KEK_SETTING
								+ ", 32 random bytes in base64 (openssl rand -base64 32), the same on every replica"));
			}
			Optional<KeyEncryptionKey> existing;
			try {
				existing = KeyEncryptionKey.existingDevelopmentKey(this.gatehouse.dataDir());
			}
			catch (StartupRefusal ex) {
				return Flux.just(invalid(developmentFile + ": " + ex.description()));
			}
			Finding development = Finding.info("secrets.development-key-encryption-key", "Signing keys are encrypted "
					+ "with the development key in " + developmentFile.toAbsolutePath().normalize() + ", beside the data "
					+ "it protects: a copy of the data without that file cannot be opened (the service refuses to "
					+ "start), and whoever can read the directory can read the keys.", KEK_SETTING);
			return Flux.just(development).concatWith(existing.map(this::opening).orElseGet(this::withoutKey));
		}
		KeyEncryptionKey key;
		try {
			key = KeyEncryptionKey.configured(configured);
		}
		catch (StartupRefusal ex) {
			return Flux.just(invalid(ex.description() + " " + ex.action()));
		}
		Flux<Finding> beside = Flux.empty();
		if (this.production && sameAsDevelopmentFile(key)) {
			beside = Flux.just(Finding.error("secrets.development-key-encryption-key", "Anyone who can read the data "
					+ "directory can mint tokens for any user: the key-encryption key is also in the development key file "
					+ developmentFile.toAbsolutePath().normalize() + ", beside the data it protects.", "Keep "
							+ KEK_SETTING + " only in your secret store and delete " + developmentFile));
		}
		return beside.concatWith(opening(key));
	}

	private boolean sameAsDevelopmentFile(KeyEncryptionKey key) {
		try {
			return KeyEncryptionKey.existingDevelopmentKey(this.gatehouse.dataDir()).map(key::sameKeyAs).orElse(false);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static Finding invalid(String why) {
		return Finding.error("secrets.key-encryption-key-invalid", "No one can sign in: the service refuses to start, "
				+ "since the key-encryption key is unusable (" + why + ").", KEK_SETTING
						+ ", 32 random bytes in base64 (openssl rand -base64 32)");
	}

	/** Whether {@code key} opens the stored signing keys; a store that cannot be read is {@link StoreChecks}' finding. */
	private Flux<Finding> opening(KeyEncryptionKey key) {
		if (!this.store.exists()) {
			return Flux.empty();
		}
		return StoredKeysOpening.check(this.store.db(), key)
			.timeout(StoreAccess.TIMEOUT)
			.filter((opening) -> !opening.opens())
			.map((opening) -> Finding.error("secrets.key-encryption-key-does-not-open-keys", "No one can sign in and "
					+ "every token issued so far stops working: the service refuses to start. " + opening.failure(),
					opening.action()))
			.flux()
			.onErrorResume((failure) -> Flux.empty());
	}

	/** Development mode without a key file yet: a new one will be generated, which opens no stored key. */
	private Flux<Finding> withoutKey() {
		if (!this.store.exists()) {
			return Flux.empty();
		}
		return this.store.db()
			.sql("select count(*) as stored from signing_keys")
			.map((row) -> row.get("stored", Long.class))
			.one()
			.timeout(StoreAccess.TIMEOUT)
			.filter((stored) -> stored > 0)
			.map((stored) -> Finding.error("secrets.key-encryption-key-does-not-open-keys", "No one can sign in and "
					+ "every token issued so far stops working: the store holds " + stored + " signing key(s), but "
					+ "there is no key-encryption key here to open them, and the one a start would generate cannot.",
					KEK_SETTING + " to the key they were stored with, or gatehouse.data-dir to the directory holding it"))
			.flux()
			.onErrorResume((failure) -> Flux.empty());
	}

	private java.util.List<Finding> clientSecrets() {
		java.util.List<Finding> findings = new java.util.ArrayList<>();
		if (!this.production) {
			return findings;
		}
		new TreeMap<>(this.clients.clients()).forEach((id, policy) -> {
			StartupRefusal refusal = DevelopmentClientSecretGuard.refusalFor(id, policy);
			if (refusal != null) {
				findings.add(Finding.error("secrets.development-client-secret", "Anyone can act as client `" + id
						+ "` (its secret is public, in this repository), so production mode refuses to start. "
						+ refusal.description(), refusal.action()));
			}
		});
		return findings;
	}

}

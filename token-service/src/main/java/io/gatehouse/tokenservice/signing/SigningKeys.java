package io.gatehouse.tokenservice.signing;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.config.StartupRefusal;

/**
 * The service's signing keys, shared by every replica through the database. {@link #refresh()}
 * reloads them and rotates when due: the first key signs at once; each later key is published
 * {@code publish-ahead} before it signs, and a retired key stays published until every token it
 * signed has expired. A deploy or a rotation therefore never invalidates a token in flight.
 */
public final class SigningKeys {

	private static final Log logger = LogFactory.getLog(SigningKeys.class);

	/** Allowance for clock differences between the service and gateways. */
	private static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);

	private final SigningKeyRepository repository;

	private final PrivateKeySealer sealer;

	private final SigningProperties properties;

	private final ClientRegistry clients;

	private final Clock clock;

	private final AtomicReference<SigningKeyRing> ring = new AtomicReference<>(SigningKeyRing.empty());

	private final Map<String, SigningKey> unsealed = new ConcurrentHashMap<>();

	SigningKeys(SigningKeyRepository repository, PrivateKeySealer sealer, SigningProperties properties,
			ClientRegistry clients, Clock clock) {
		this.repository = repository;
		this.sealer = sealer;
		this.properties = properties;
		this.clients = clients;
		this.clock = clock;
	}

	/** The key that signs now. */
	public SigningKey active() {
		return this.ring.get()
			.activeAt(this.clock.instant())
			.orElseThrow(() -> new IllegalStateException("No active signing key loaded"));
	}

	/** The public JWK set to publish now. */
	public JWKSet publishedKeys() {
		return new JWKSet(this.ring.get().publishedAt(this.clock.instant(), retiredKeyRetention()));
	}

	/** All public keys this service ever signed with that are still published: for verifying its own tokens. */
	public List<JWK> verificationKeys() {
		return publishedKeys().getKeys();
	}

	public Duration jwksCacheMaxAge() {
		return this.properties.jwksCacheMaxAge();
	}

	/** Reloads keys from the database and adds the next key when a rotation is due. */
	public Mono<Void> refresh() {
		return load().flatMap(this::rotateIfDue).then();
	}

	private Mono<SigningKeyRing> load() {
		return this.repository.findAll()
			.flatMap(this::unseal)
			.collectList()
			.map(SigningKeyRing::new)
			.doOnNext(this.ring::set);
	}

	private Mono<SigningKeyRing> rotateIfDue(SigningKeyRing current) {
		// Whole milliseconds: the database must not round an activation time past "now".
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		return current.newest()
			.map((newest) -> rotationDue(newest, now) ? addKey(newest.generation() + 1, nextActivation(newest, now))
					: Mono.just(current))
			.orElseGet(() -> addKey(1, now));
	}

	private boolean rotationDue(SigningKey newest, Instant now) {
		Instant announceAt = newest.activatesAt().plus(this.properties.rotationInterval()).minus(this.properties.publishAhead());
		return newest.isActiveAt(now) && !now.isBefore(announceAt);
	}

	private Instant nextActivation(SigningKey newest, Instant now) {
		Instant scheduled = newest.activatesAt().plus(this.properties.rotationInterval());
		Instant earliest = now.plus(this.properties.publishAhead());
		return scheduled.isAfter(earliest) ? scheduled : earliest;
	}

	private Mono<SigningKeyRing> addKey(int generation, Instant activatesAt) {
		return Mono.fromCallable(() -> generate(generation, activatesAt))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(this.repository::insertUnlessGenerationTaken)
			.doOnNext((key) -> logger.info("Added signing key " + key.kid() + " (generation " + generation + ", "
					+ key.algorithm() + "), signing from " + activatesAt))
			.then(load());
	}

	private StoredSigningKey generate(int generation, Instant activatesAt) throws JOSEException {
		String kid = UUID.randomUUID().toString();
		JWK privateKey = this.properties.algorithm().generate(kid);
		return new StoredSigningKey(kid, generation, this.properties.algorithm().jwsAlgorithm().getName(),
				privateKey.toPublicJWK().toJSONString(), this.sealer.seal(privateKey), this.clock.instant(), activatesAt);
	}

	private Mono<SigningKey> unseal(StoredSigningKey stored) {
		SigningKey known = this.unsealed.get(stored.kid());
		if (known != null) {
			return Mono.just(known);
		}
		return Mono.fromCallable(() -> toSigningKey(stored))
			.doOnNext((key) -> this.unsealed.put(key.kid(), key))
			.onErrorMap((ex) -> (ex instanceof PrivateKeySealer.WrongKeyEncryptionKeyException wrong)
					? new StartupRefusal(wrong.getMessage() + ".", wrong.action(), wrong)
					: new IllegalStateException("Cannot load stored signing key " + stored.kid() + ": " + ex.getMessage(), ex));
	}

	private SigningKey toSigningKey(StoredSigningKey stored) throws JOSEException, ParseException {
		JWK privateKey = this.sealer.unseal(stored.kid(), stored.sealedPrivateJwk());
		return new SigningKey(stored.kid(), stored.generation(), SigningAlgorithm.of(stored.algorithm()),
				JWK.parse(stored.publicJwk()), SigningAlgorithm.signerFor(privateKey), stored.activatesAt());
	}

	private Duration retiredKeyRetention() {
		return this.clients.longestAccessTokenTtl().plus(CLOCK_SKEW_ALLOWANCE);
	}

	/** Used by {@link Flux#interval} in {@link SigningKeysConfiguration}; failures are logged, keys kept. */
	Mono<Void> refreshQuietly() {
		return refresh().onErrorResume((ex) -> {
			logger.warn("Signing key refresh failed; keeping the keys already loaded: " + ex.getMessage());
			return Mono.empty();
		});
	}

}

package io.gatehouse.gateway.auth;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.config.GatewayProperties;

/**
 * The token service's public keys, fetched at startup (retrying with backoff until it answers),
 * refreshed every {@code jwks-refresh-interval}, and kept when the token service is unreachable,
 * so known keys keep working through its outages. An unknown {@code kid} triggers at most one
 * refetch per {@code jwks-min-refetch-interval}, shared by every request waiting for it: random
 * {@code kid}s cannot turn into a refetch storm.
 */
public final class JwksCache {

	private static final Log logger = LogFactory.getLog(JwksCache.class);

	private final WebClient web;

	private final GatewayProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());

	private volatile URI jwksUri;

	private volatile Mono<JWKSet> inflight;

	private volatile Instant lastFetchStarted = Instant.EPOCH;

	private volatile Disposable refreshing;

	public JwksCache(WebClient.Builder web, GatewayProperties properties, Clock clock, MeterRegistry meters) {
		this.web = web.build();
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.jwksUri = properties.jwksUri();
	}

	/** The key with this id: from memory, or after the one shared refetch the rate limit allows. */
	public Mono<JWK> key(String kid) {
		JWK known = this.keys.get().getKeyByKeyId(kid);
		if (known != null) {
			return Mono.just(known);
		}
		return refetchIfAllowed().mapNotNull((set) -> set.getKeyByKeyId(kid));
	}

	public boolean hasKeys() {
		return !this.keys.get().isEmpty();
	}

	/** Starts the background refresh: first fetch now (retrying with backoff), then every refresh interval. */
	public void start() {
		this.refreshing = Mono.defer(this::fetch)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
			.then(Mono.delay(this.properties.jwksRefreshInterval()))
			.repeat()
			.subscribe();
	}

	public void stop() {
		Disposable current = this.refreshing;
		if (current != null) {
			current.dispose();
		}
	}

	private synchronized Mono<JWKSet> refetchIfAllowed() {
		Mono<JWKSet> current = this.inflight;
		if (current != null) {
			return current;
		}
		Instant now = this.clock.instant();
		if (now.isBefore(this.lastFetchStarted.plus(this.properties.jwksMinRefetchInterval()))) {
			return Mono.just(this.keys.get());
		}
		this.lastFetchStarted = now;
		Mono<JWKSet> shared = fetch().onErrorResume((ex) -> Mono.just(this.keys.get()))
			.doFinally((signal) -> this.inflight = null)
			.cache();
		this.inflight = shared;
		return shared;
	}

	private Mono<JWKSet> fetch() {
		return resolveJwksUri().flatMap((uri) -> this.web.get()
			.uri(uri)
			.retrieve()
			.bodyToMono(String.class)
			.timeout(Duration.ofSeconds(5)))
			.map(JwksCache::signingKeysOf)
			.doOnNext((set) -> {
				this.keys.set(set);
				this.meters.counter("gatehouse.gateway.jwks.refreshes", "result", "success").increment();
			})
			.doOnError((ex) -> {
				this.meters.counter("gatehouse.gateway.jwks.refreshes", "result", "failure").increment();
				logger.warn("JWKS refresh failed, keeping " + this.keys.get().size() + " known keys: " + ex.getMessage());
			});
	}

	private Mono<URI> resolveJwksUri() {
		URI known = this.jwksUri;
		if (known != null) {
			return Mono.just(known);
		}
		URI metadata = URI.create(this.properties.tokenServiceUri().toString().replaceAll("/$", "")
				+ "/.well-known/oauth-authorization-server");
		return this.web.get()
			.uri(metadata)
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.timeout(Duration.ofSeconds(5))
			.map((body) -> URI.create(String.valueOf(body.get("jwks_uri"))))
			.doOnNext((uri) -> this.jwksUri = uri);
	}

	/** Public, asymmetric signature keys only: a private or symmetric key in a JWKS is never a verification key. */
	static JWKSet signingKeysOf(String json) {
		try {
			List<JWK> keys = JWKSet.parse(json)
				.getKeys()
				.stream()
				.filter((key) -> !key.isPrivate() && !"oct".equals(key.getKeyType().getValue()))
				.filter((key) -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
				.filter((key) -> key.getKeyID() != null)
				.toList();
			return new JWKSet(keys);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The JWKS is not a JWK set: " + ex.getMessage());
		}
	}

}

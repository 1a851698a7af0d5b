package io.gatehouse.bench.jmh;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.util.unit.DataSize;

import io.gatehouse.gateway.auth.AccessTokenValidator;
import io.gatehouse.gateway.auth.JwksCache;
import io.gatehouse.gateway.auth.ValidatedToken;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The gateway's bearer-token validation path, {@code AccessTokenValidator.validate(token)},
 * compiled from the gateway's own sources and wired as {@code GatewayConfiguration} wires it
 * (system UTC clock, real {@code JwksCache}, gateway property defaults), except that the JWKS is
 * answered from memory instead of by the token service.
 * <ul>
 * <li>{@link #cacheHit}: the same token on every call — the steady state of a token reused for
 * many requests: a Caffeine lookup of the token string plus the {@code exp}/{@code nbf} check,
 * with the default verified-token cache (100,000 entries).</li>
 * <li>{@link #cacheMiss}: a token the gateway has not seen on every call — the full verification
 * ({@code SignedTokenVerifier}: size cap, split, header checks, JWKS lookup by {@code kid},
 * signature, claims) plus inserting the result into the cache and the cache's eviction. Calls
 * cycle through a pool of {@value #MISS_POOL_DEFAULT} distinct pre-signed tokens, with the
 * verified-token cache configured to {@value #MISS_CACHE_DEFAULT} entries (1/64 of the pool), so
 * a token is long evicted before it comes round again. The measured hit ratio is printed at the
 * end of each trial (it should be close to 0%).</li>
 * </ul>
 * Each call resolves the {@code Mono} with {@code block()}; everything is synchronous here, so
 * that returns at once without parking.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class GatewayValidationBenchmark {

	static final int MISS_POOL_DEFAULT = 4096;

	static final int MISS_CACHE_DEFAULT = 64;

	/** Gateway default of {@code gatehouse.gateway.verified-token-cache-size}. */
	static final long DEFAULT_CACHE_SIZE = 100_000;

	@Param({ "RS256", "PS256", "ES256", "EdDSA" })
	public String alg;

	private SimpleMeterRegistry meters;

	private AccessTokenValidator validator;

	private String token;

	private String[] pool;

	private String label;

	@Setup
	public void setUp(BenchmarkParams params) {
		boolean miss = params.getBenchmark().endsWith(".cacheMiss");
		int poolSize = Integer.getInteger("gatehouse.bench.missPool", MISS_POOL_DEFAULT);
		long cacheSize = miss ? Long.getLong("gatehouse.bench.missCacheSize", MISS_CACHE_DEFAULT) : DEFAULT_CACHE_SIZE;
		if (miss && poolSize <= cacheSize) {
			throw new IllegalArgumentException("the cache-miss pool must be larger than the cache");
		}

		JWK key = Keys.generate(this.alg);
		JWSSigner signer = Keys.signer(key);
		InMemoryJwks jwks = new InMemoryJwks(key);
		GatewayProperties properties = properties(cacheSize);
		Clock clock = Clock.systemUTC();
		this.meters = new SimpleMeterRegistry();
		// As GatewayConfiguration does, with the JWKS answered from memory.
		JwksCache keys = new JwksCache(jwks.webClient(), properties, clock, this.meters);
		this.validator = new AccessTokenValidator(keys, properties, clock, this.meters);

		// Load the key set up front (the gateway's readiness waits for it the same way), so that no
		// measured call pays for the first fetch.
		if (keys.key(key.getKeyID()).block() == null || !keys.hasKeys() || jwks.fetches() != 1) {
			throw new IllegalStateException("the in-memory JWKS was not loaded");
		}

		this.token = AccessTokens.issue(key, signer);
		check(this.token);
		if (miss) {
			this.pool = IntStream.range(0, poolSize).parallel()
				.mapToObj((i) -> AccessTokens.issue(key, signer))
				.toArray(String[]::new);
			check(this.pool[0]);
			check(this.pool[poolSize - 1]);
			if (Set.of(this.pool).size() != poolSize) {
				throw new IllegalStateException("the cache-miss pool has duplicate tokens");
			}
		}
		this.meters.clear();
		this.meters.close();
		this.meters = new SimpleMeterRegistry();
		// Count from here on: rebuild the validator so its cache statistics start empty.
		this.validator = new AccessTokenValidator(keys, properties, clock, this.meters);
		if (jwks.fetches() != 1) {
			throw new IllegalStateException("the JWKS was fetched again");
		}
		this.label = (miss ? "cacheMiss " : "cacheHit  ") + this.alg;
		System.out.printf("%n[setup] %s: verified-token cache size %d%s%n", this.label, cacheSize,
				miss ? ", pool of " + poolSize + " distinct tokens" : "");
	}

	@TearDown
	public void tearDown() {
		double hits = count("hit");
		double misses = count("miss");
		double total = hits + misses;
		System.out.printf("%n[cache] %s: %.0f validations, %.0f hits, %.0f misses, hit ratio %.2f%% (warm-up included)%n",
				this.label, total, hits, misses, (total == 0) ? 0 : 100 * hits / total);
	}

	/** Whether the validator accepts {@code token}; fails the trial if not. */
	private void check(String token) {
		ValidatedToken valid = this.validator.validate(token).block();
		if (valid == null || valid.subject() == null || !valid.scopes().contains("orders:read")) {
			throw new IllegalStateException(this.alg + ": the gateway did not accept the token");
		}
	}

	private double count(String result) {
		FunctionCounter counter = this.meters.find("cache.gets").tag("result", result).functionCounter();
		return (counter != null) ? counter.count() : Double.NaN;
	}

	/** The gateway's defaults (see GatewayProperties), with issuer, JWKS URI and cache size set. */
	private static GatewayProperties properties(long verifiedTokenCacheSize) {
		return new GatewayProperties(URI.create("http://localhost:9000"), AccessTokens.ISSUER, AccessTokens.AUDIENCE,
				InMemoryJwks.JWKS_URI, Duration.ofSeconds(30), Set.of(), DataSize.ofKilobytes(8),
				verifiedTokenCacheSize, Duration.ofMinutes(5), Duration.ofSeconds(10), SessionMode.HYBRID, "gateway",
				"gatehouse-dev-gateway-secret", Duration.ofSeconds(15));
	}

	/** Where each benchmark thread is in the cache-miss pool. */
	@State(Scope.Thread)
	public static class Cursor {

		int next;

		@Setup
		public void setUp() {
			this.next = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
		}

	}

	@Benchmark
	public ValidatedToken cacheHit() {
		return this.validator.validate(this.token).block();
	}

	@Benchmark
	public ValidatedToken cacheMiss(Cursor cursor) {
		String[] tokens = this.pool;
		int i = cursor.next % tokens.length;
		cursor.next = i + 1;
		return this.validator.validate(tokens[i]).block();
	}

}

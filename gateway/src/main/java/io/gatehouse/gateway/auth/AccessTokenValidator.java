package io.gatehouse.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;

import io.gatehouse.gateway.config.GatewayProperties;

/**
 * Validates bearer access tokens, verifying each distinct token only once: a bounded Caffeine
 * cache keyed by the exact token string holds what the signature check established, each entry
 * living no longer than the token's {@code exp}. The steady state of a 15-minute token used for
 * many requests is a hash lookup — but {@code exp} and {@code nbf} are still checked against the
 * clock on every request. Cache size and hit ratio are exported as {@code gatehouse.verified.tokens}
 * cache metrics.
 */
public final class AccessTokenValidator {

	private final SignedTokenVerifier verifier;

	private final Cache<String, ValidatedToken> verified;

	private final Duration skew;

	private final Clock clock;

	private final TokenLifetimes lifetimes = new TokenLifetimes();

	public AccessTokenValidator(JwksCache keys, GatewayProperties properties, Clock clock, MeterRegistry meters) {
		this.verifier = new SignedTokenVerifier(keys, properties);
		this.skew = properties.clockSkew();
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(properties.verifiedTokenCacheSize())
			.expireAfter(new UntilTokenExpiry(this.skew, clock))
			// Upkeep (a few buffered reads, evictions) on the reading thread: handing it to another
			// pool costs a thread wake-up per batch of reads, more than the upkeep itself.
			.executor(Runnable::run)
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.verified, "gatehouse.verified.tokens");
	}

	/** The token's claims if it is valid now; otherwise an {@link InvalidTokenException} with the reason. */
	public Mono<ValidatedToken> validate(String token) {
		ValidatedToken known = this.verified.getIfPresent(token);
		if (known != null) {
			return checkTime(known);
		}
		return this.verifier.verify(token).flatMap(this::checkTime).doOnNext((valid) -> {
			this.verified.put(token, valid);
			this.lifetimes.record(valid);
		});
	}

	/** The longest lifetimes of the tokens verified so far, per client (for the configuration doctor). */
	public TokenLifetimes lifetimes() {
		return this.lifetimes;
	}

	/**
	 * The claims of a token verified before and valid now, found without waiting; {@code null} when
	 * the token is not in the cache or fails its time checks ({@link #validate} then says why).
	 */
	public ValidatedToken validNowIfVerified(String token) {
		ValidatedToken known = this.verified.getIfPresent(token);
		return (known != null && timeFailure(known) == null) ? known : null;
	}

	private Mono<ValidatedToken> checkTime(ValidatedToken token) {
		InvalidTokenReason failure = timeFailure(token);
		return (failure != null) ? Mono.error(new InvalidTokenException(failure)) : Mono.just(token);
	}

	private InvalidTokenReason timeFailure(ValidatedToken token) {
		Instant now = this.clock.instant();
		if (!now.isBefore(token.expiresAt().plus(this.skew))) {
			return InvalidTokenReason.EXPIRED;
		}
		if (token.notBefore() != null && now.plus(this.skew).isBefore(token.notBefore())) {
			return InvalidTokenReason.NOT_YET_VALID;
		}
		return null;
	}

	/** Each entry lives until its token's {@code exp} plus the skew, and never longer. */
	private record UntilTokenExpiry(Duration skew, Clock clock) implements Expiry<String, ValidatedToken> {

		@Override
		public long expireAfterCreate(String key, ValidatedToken value, long currentTime) {
			long nanos = Duration.between(this.clock.instant(), value.expiresAt().plus(this.skew)).toNanos();
			return Math.max(0, nanos);
		}

		@Override
		public long expireAfterUpdate(String key, ValidatedToken value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(String key, ValidatedToken value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}

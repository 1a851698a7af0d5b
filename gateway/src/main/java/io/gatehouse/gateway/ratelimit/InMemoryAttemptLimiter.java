package io.gatehouse.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

/**
 * Fixed-window attempt counting in this gateway's memory (a bounded Caffeine cache), for a single
 * replica or development. With several replicas each counts separately: configure Redis.
 * Invariant: a key's window starts at the first attempt after the previous window ended, lasts
 * exactly {@code window} by the injected clock, and allows its first {@code limit} attempts only.
 * At most 100,000 keys are held; beyond that the least recently used are forgotten, which is one
 * more reason to use Redis where an attacker can afford that many networks.
 */
public final class InMemoryAttemptLimiter implements AttemptLimiter {

	private final Cache<String, Window> windows;

	private final Clock clock;

	public InMemoryAttemptLimiter(Clock clock) {
		this.clock = clock;
		this.windows = Caffeine.newBuilder().maximumSize(100_000).expireAfter(new UntilWindowEnds(clock)).build();
	}

	@Override
	public Mono<Decision> tryAcquire(String key, int limit, Duration window) {
		Instant now = this.clock.instant();
		Window current = this.windows.asMap()
			.compute(key, (k, existing) -> (existing == null || !now.isBefore(existing.end()))
					? new Window(now.plus(window), 1) : new Window(existing.end(), existing.count() + 1));
		return Mono.just(new Decision(current.count() <= limit, Duration.between(now, current.end())));
	}

	private record Window(Instant end, int count) {
	}

	/** Memory is freed when a window ends; decisions never depend on it (they compare with the clock). */
	private record UntilWindowEnds(Clock clock) implements Expiry<String, Window> {

		@Override
		public long expireAfterCreate(String key, Window value, long currentTime) {
			return Math.max(0, Duration.between(this.clock.instant(), value.end()).toNanos());
		}

		@Override
		public long expireAfterUpdate(String key, Window value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Window value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}

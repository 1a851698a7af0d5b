package io.gatehouse.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

/**
 * Fixed-window attempt counting in this gateway's memory (a bounded Caffeine cache), for a single
 * replica or development. With several replicas each counts separately: configure Redis.
 */
public final class InMemoryAttemptLimiter implements AttemptLimiter {

	private final Cache<String, Window> windows = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofHours(1))
		.build();

	private final Clock clock;

	public InMemoryAttemptLimiter(Clock clock) {
		this.clock = clock;
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

}

package io.gatehouse.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import io.gatehouse.gateway.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAttemptLimiterTests {

	/**
	 * The invariant, tried over generated attempt sequences against a model of it: a key's window
	 * starts at its first attempt after the previous one ended, lasts exactly {@code window}, and
	 * allows only its first {@code limit} attempts; Retry-After is the time to the window's end.
	 */
	@Property(tries = 300)
	void tryAcquireWhenAnySequenceThenDecisionsMatchTheFixedWindowModel(@ForAll("attempts") List<Attempt> attempts,
			@ForAll @IntRange(min = 1, max = 6) int limit, @ForAll @IntRange(min = 1, max = 90) int windowSeconds) {
		MutableClock clock = new MutableClock();
		InMemoryAttemptLimiter limiter = new InMemoryAttemptLimiter(clock);
		Duration window = Duration.ofSeconds(windowSeconds);
		Map<String, Instant> windowEnd = new HashMap<>();
		Map<String, Integer> count = new HashMap<>();
		for (Attempt attempt : attempts) {
			clock.advance(Duration.ofMillis(attempt.advanceMillis()));
			Instant now = clock.instant();
			Instant end = windowEnd.get(attempt.key());
			if (end == null || !now.isBefore(end)) {
				windowEnd.put(attempt.key(), now.plus(window));
				count.put(attempt.key(), 0);
			}
			count.merge(attempt.key(), 1, Integer::sum);

			AttemptLimiter.Decision decision = limiter.tryAcquire(attempt.key(), limit, window).block();

			assertThat(decision.allowed()).isEqualTo(count.get(attempt.key()) <= limit);
			assertThat(decision.retryAfter()).isEqualTo(Duration.between(now, windowEnd.get(attempt.key())));
		}
	}

	@Provide
	Arbitrary<List<Attempt>> attempts() {
		Arbitrary<String> keys = Arbitraries.of("a", "b", "c");
		Arbitrary<Long> advances = Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000),
				Arbitraries.longs().between(0, 2_000), Arbitraries.longs().between(0, 120_000));
		return Combinators.combine(keys, advances).as(Attempt::new).list().ofMaxSize(60);
	}

	record Attempt(String key, long advanceMillis) {
	}

}

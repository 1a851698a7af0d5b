package io.gatehouse.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.ArrayList;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAttemptLimiterTests {

	/**
	 * The invariant, tried over generated attempt sequences against a model of it: a key's window
	 * starts at its first attempt after the previous one ended, lasts exactly {@code window}, and
	 * allows only its first {@code limit} attempts; Retry-After is the time to the window's end.
	 * 300 cases from fixed seeds; a failure names its seed.
	 */
	@Test
	void tryAcquireWhenAnySequenceThenDecisionsMatchTheFixedWindowModel() {
		for (long seed = 0; seed < 300; seed++) {
			Random random = new Random(seed);
			List<Attempt> attempts = attempts(random);
			int limit = 1 + random.nextInt(6);
			int windowSeconds = 1 + random.nextInt(90);
			try {
				decisionsMatchTheFixedWindowModel(attempts, limit, windowSeconds);
			}
			catch (AssertionError failure) {
				throw new AssertionError("case seed " + seed + " (limit " + limit + ", window " + windowSeconds
						+ " s, attempts " + attempts + ")", failure);
			}
		}
	}

	private static void decisionsMatchTheFixedWindowModel(List<Attempt> attempts, int limit, int windowSeconds) {
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

	/** Up to 60 attempts on keys a, b, c; two in three advance the clock up to 2 s, one in three up to 120 s. */
	private static List<Attempt> attempts(Random random) {
		String[] keys = { "a", "b", "c" };
		int size = random.nextInt(61);
		List<Attempt> attempts = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			long advance = (random.nextInt(3) < 2) ? random.nextLong(2_001) : random.nextLong(120_001);
			attempts.add(new Attempt(keys[random.nextInt(keys.length)], advance));
		}
		return attempts;
	}

	record Attempt(String key, long advanceMillis) {
	}

}

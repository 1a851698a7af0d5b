package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AttemptLimit}'s invariant, tried over many generated histories (seeded, so a failure is
 * reproducible from the seed printed with it) and at both edges of the window.
 */
class AttemptLimitTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	@Test
	void retryAfterWhenFewerFailuresThanLimitInWindowThenAllowed() {
		AttemptLimit limit = new AttemptLimit(3, Duration.ofMinutes(15));

		assertThat(limit.retryAfter(List.of(), NOW)).isEmpty();
		assertThat(limit.retryAfter(List.of(NOW, NOW.minusSeconds(60)), NOW)).isEmpty();
		// The third failure is exactly one window old: it no longer counts.
		assertThat(limit.retryAfter(List.of(NOW, NOW.minusSeconds(60), NOW.minus(Duration.ofMinutes(15))), NOW)).isEmpty();
	}

	@Test
	void retryAfterWhenLimitReachedThenWaitUntilTheOldestCountedFailureLeaves() {
		AttemptLimit limit = new AttemptLimit(3, Duration.ofMinutes(15));
		List<Instant> failures = List.of(NOW, NOW.minusSeconds(60), NOW.minus(Duration.ofMinutes(15)).plusMillis(1));

		assertThat(limit.retryAfter(failures, NOW)).hasValue(Duration.ofMillis(1));
		assertThat(limit.retryAfter(failures, NOW.plusMillis(1))).isEmpty();
	}

	@Test
	void retryAfterWhenAnyHistoryThenAllowedExactlyBelowTheLimitAndTheWaitIsTheShortestThatFrees() {
		for (long seed = 0; seed < 5_000; seed++) {
			Random random = new Random(seed);
			int max = 1 + random.nextInt(10);
			Duration window = Duration.ofMillis(1 + random.nextInt(3_600_000));
			List<Instant> history = new ArrayList<>();
			int size = random.nextInt(3 * max);
			for (int i = 0; i < size; i++) {
				history.add(NOW.minusMillis(random.nextLong(2 * window.toMillis() + 1)));
			}
			history.sort(Comparator.reverseOrder());
			AttemptLimit limit = new AttemptLimit(max, window);

			Optional<Duration> wait = limit.retryAfter(newest(history, NOW.minus(window), max), NOW);

			String context = "seed " + seed;
			assertThat(wait.isEmpty()).as(context).isEqualTo(counting(history, window, NOW) < max);
			if (wait.isPresent()) {
				Instant freed = NOW.plus(wait.get());
				assertThat(wait.get()).as(context).isPositive();
				assertThat(counting(history, window, freed)).as(context).isLessThan(max);
				assertThat(counting(history, window, freed.minusMillis(1))).as(context).isGreaterThanOrEqualTo(max);
				assertThat(limit.retryAfter(newest(history, freed.minus(window), max), freed)).as(context).isEmpty();
			}
		}
	}

	/** What the store returns: failures after {@code after}, newest first, at most {@code max}. */
	private static List<Instant> newest(List<Instant> newestFirst, Instant after, int max) {
		return newestFirst.stream().filter((at) -> at.isAfter(after)).limit(max).toList();
	}

	/** The failures that count at {@code now}, by the definition: {@code now < at + window}. */
	private static long counting(List<Instant> history, Duration window, Instant now) {
		return history.stream().filter((at) -> now.isBefore(at.plus(window))).count();
	}

}

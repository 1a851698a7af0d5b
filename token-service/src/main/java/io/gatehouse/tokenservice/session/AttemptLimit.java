package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sliding-window limit on failures: at most {@code maxFailures} in any {@code window}. A failure at
 * {@code t} counts while {@code now < t + window}. Invariant: an attempt at {@code now} is allowed
 * exactly when fewer than {@code maxFailures} failures count at {@code now}; when it is refused, the
 * returned wait is the shortest after which one fewer counts, so an attempt then is allowed.
 *
 * @param maxFailures failures allowed within one window
 * @param window how long a failure counts
 */
record AttemptLimit(int maxFailures, Duration window) {

	/** The earliest instant whose failures still count at {@code now} is after this one. */
	Instant countsAfter(Instant now) {
		return now.minus(this.window);
	}

	/**
	 * How long to wait before the next attempt, or empty when one is allowed now.
	 * @param recentNewestFirst the newest failures (at least {@code maxFailures} of them, if there are
	 * that many), newest first; older ones are ignored
	 * @param now the instant of the attempt
	 * @return the wait, at least one millisecond, when the limit is reached
	 */
	Optional<Duration> retryAfter(List<Instant> recentNewestFirst, Instant now) {
		Instant after = countsAfter(now);
		long counting = recentNewestFirst.stream().limit(this.maxFailures).filter((at) -> at.isAfter(after)).count();
		if (counting < this.maxFailures) {
			return Optional.empty();
		}
		// The maxFailures-th newest failure leaving the window is the first moment one fewer counts.
		Instant oldestCounted = recentNewestFirst.get(this.maxFailures - 1);
		return Optional.of(Duration.between(now, oldestCounted.plus(this.window)));
	}

}

package io.gatehouse.gateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition that another process makes true (a revocation crossing the feed), and says how
 * long it took. Bounded: fails after the limit.
 */
public final class Eventually {

	private Eventually() {
	}

	/** Returns the time until {@code condition} held; throws {@link AssertionError} after {@code limit}. */
	public static Duration within(Duration limit, BooleanSupplier condition) {
		long started = System.nanoTime();
		long deadline = started + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return Duration.ofNanos(System.nanoTime() - started);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
		throw new AssertionError("condition not met within " + limit);
	}

}

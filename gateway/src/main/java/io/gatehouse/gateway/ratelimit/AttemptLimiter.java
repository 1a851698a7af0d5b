package io.gatehouse.gateway.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Counts attempts per key in fixed windows, for brute-force limits on login and token requests.
 * Backed by Redis when {@code spring.data.redis.*} is configured (shared by every gateway
 * replica), in memory otherwise.
 */
public interface AttemptLimiter {

	Mono<Decision> tryAcquire(String key, int limit, Duration window);

	/** Whether every replica counts in the same place (Redis); {@code false}: each counts alone, in memory. */
	default boolean isShared() {
		return false;
	}

	/**
	 * Whether an attempt may proceed.
	 *
	 * @param allowed within the limit
	 * @param retryAfter when the window resets, for {@code Retry-After}
	 */
	record Decision(boolean allowed, Duration retryAfter) {
	}

}

package io.gatehouse.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Fixed-window attempt counting in Redis, shared by every gateway replica: one atomic script
 * increments the key's counter and starts its expiry on the first attempt. If Redis cannot be
 * reached the attempt is allowed (and logged): a limiter outage must not lock every user out.
 */
public final class RedisAttemptLimiter implements AttemptLimiter {

	private static final Log logger = LogFactory.getLog(RedisAttemptLimiter.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> COUNT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
			return {count, redis.call('PTTL', KEYS[1])}
			""", List.class);

	private final ReactiveStringRedisTemplate redis;

	public RedisAttemptLimiter(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Mono<Decision> tryAcquire(String key, int limit, Duration window) {
		return this.redis.execute(COUNT, List.of("gatehouse:attempts:" + key), List.of(Long.toString(window.toMillis())))
			.next()
			.map((result) -> {
				long count = ((Number) result.get(0)).longValue();
				long ttl = Math.max(0, ((Number) result.get(1)).longValue());
				return new Decision(count <= limit, Duration.ofMillis(ttl));
			})
			.timeout(Duration.ofSeconds(1))
			.onErrorResume((ex) -> {
				logger.warn("Attempt limiter unavailable, allowing the attempt: " + ex.getMessage());
				return Mono.just(new Decision(true, Duration.ZERO));
			});
	}

	@Override
	public boolean isShared() {
		return true;
	}

}

package io.gatehouse.gateway.ratelimit;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.gatehouse.gateway.clientaddress.ClientAddressResolver;
import io.gatehouse.gateway.connections.ConnectionTimeoutsProperties;

/**
 * Picks the attempt limiter: Redis when {@code spring.data.redis.host} or
 * {@code spring.data.redis.url} is set (shared by all replicas), in memory otherwise.
 */
@Configuration(proxyBeanMethods = false)
class AttemptLimiterConfiguration {

	@Bean
	@ConditionalOnExpression("'${spring.data.redis.host:}' != '' or '${spring.data.redis.url:}' != ''")
	AttemptLimiter redisAttemptLimiter(ReactiveStringRedisTemplate redis) {
		return new RedisAttemptLimiter(redis);
	}

	@Bean
	@ConditionalOnMissingBean(AttemptLimiter.class)
	AttemptLimiter inMemoryAttemptLimiter(Clock clock) {
		return new InMemoryAttemptLimiter(clock);
	}

	@Bean
	LimitAttemptsGatewayFilterFactory limitAttemptsGatewayFilterFactory(AttemptLimiter limiter,
			ClientAddressResolver clientAddresses, JsonMapper json, LoginLimitProperties properties,
			ConnectionTimeoutsProperties timeouts) {
		return new LimitAttemptsGatewayFilterFactory(limiter, clientAddresses, json, properties, timeouts);
	}

	@Bean
	LimitRequestBodyGatewayFilterFactory limitRequestBodyGatewayFilterFactory(JsonMapper json,
			ConnectionTimeoutsProperties timeouts) {
		return new LimitRequestBodyGatewayFilterFactory(json, timeouts);
	}

}

package io.gatehouse.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.connections.ConnectionTimeoutsProperties;

/**
 * {@code LimitRequestBody=16KB}: the body is read up front to at most this size and then passed on
 * whole; beyond it the answer is 413 {@code invalid_request} with {@code Connection: close} and the
 * rest is never read; a body that has not arrived within
 * {@code gatehouse.gateway.connections.small-body-timeout} is answered 408 the same way (unlike Spring Cloud Gateway's {@code RequestSize}, which trusts
 * {@code Content-Length} and lets a chunked body through). Requests without a body pass untouched.
 * For routes to services that only take small bodies (the token service's); app routes stream.
 */
public final class LimitRequestBodyGatewayFilterFactory
		extends AbstractGatewayFilterFactory<LimitRequestBodyGatewayFilterFactory.Config> {

	private final JsonMapper json;

	private final Duration timeout;

	public LimitRequestBodyGatewayFilterFactory(JsonMapper json, ConnectionTimeoutsProperties timeouts) {
		super(Config.class);
		this.json = json;
		this.timeout = timeouts.smallBodyTimeout();
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("maxSize");
	}

	@Override
	public LimitRequestBody apply(Config config) {
		return new LimitRequestBody(config.getMaxSize());
	}

	/** The filter of one route, its bound readable so that the route's API description can say it answers 413. */
	public final class LimitRequestBody implements GatewayFilter {

		private final DataSize maxSize;

		private final int max;

		LimitRequestBody(DataSize maxSize) {
			this.maxSize = maxSize;
			this.max = (int) maxSize.toBytes();
		}

		/** The largest body this route reads. */
		public DataSize maxSize() {
			return this.maxSize;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			if (!RequestBodies.hasBody(exchange.getRequest())) {
				return chain.filter(exchange);
			}
			return RequestBodies.read(exchange, this.max, LimitRequestBodyGatewayFilterFactory.this.timeout,
					LimitRequestBodyGatewayFilterFactory.this.json)
				.flatMap((body) -> chain.filter(RequestBodies.replay(exchange, body)));
		}

	}

	/** The bound of one route. */
	public static class Config {

		private DataSize maxSize = DataSize.ofKilobytes(16);

		/** Default 16 KiB. */
		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

}

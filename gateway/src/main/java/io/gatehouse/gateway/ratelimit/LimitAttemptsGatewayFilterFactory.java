package io.gatehouse.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code LimitAttempts=perIp,perUsername,window}: brute-force limits for login and token routes.
 * Attempts are counted per client IP and, when {@code perUsername > 0}, also per {@code username}
 * of a JSON body; over either limit the answer is 429 with {@code Retry-After} and the upstream
 * is not called.
 */
public final class LimitAttemptsGatewayFilterFactory
		extends AbstractGatewayFilterFactory<LimitAttemptsGatewayFilterFactory.Config> {

	private final AttemptLimiter limiter;

	private final JsonMapper json;

	public LimitAttemptsGatewayFilterFactory(AttemptLimiter limiter, JsonMapper json) {
		super(Config.class);
		this.limiter = limiter;
		this.json = json;
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("perIp", "perUsername", "window");
	}

	@Override
	public GatewayFilter apply(Config config) {
		return (exchange, chain) -> {
			String route = routeId(exchange);
			Mono<AttemptLimiter.Decision> byIp = this.limiter.tryAcquire(route + ":ip:" + clientIp(exchange),
					config.getPerIp(), config.getWindow());
			return byIp.flatMap((ip) -> {
				if (!ip.allowed()) {
					return tooMany(exchange, ip.retryAfter());
				}
				if (config.getPerUsername() <= 0 || !isJson(exchange)) {
					return chain.filter(exchange);
				}
				return ServerWebExchangeUtils.cacheRequestBody(exchange, (request) -> {
					ServerWebExchange cached = exchange.mutate().request(request).build();
					String username = usernameOf(cached.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR));
					if (username == null) {
						return chain.filter(cached);
					}
					return this.limiter.tryAcquire(route + ":user:" + username, config.getPerUsername(), config.getWindow())
						.flatMap((user) -> user.allowed() ? chain.filter(cached) : tooMany(cached, user.retryAfter()));
				});
			});
		};
	}

	private String usernameOf(DataBuffer body) {
		if (body == null) {
			return null;
		}
		try {
			JsonNode node = this.json.readTree(body.toString(StandardCharsets.UTF_8));
			JsonNode username = node.get("username");
			return (username != null && username.isString()) ? username.asString().toLowerCase(Locale.ROOT) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private Mono<Void> tooMany(ServerWebExchange exchange, Duration retryAfter) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] body = this.json.writeValueAsBytes(java.util.Map.of("error", "too_many_requests", "error_description",
				"too many attempts; retry after the time in Retry-After"));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static boolean isJson(ServerWebExchange exchange) {
		MediaType type = exchange.getRequest().getHeaders().getContentType();
		return type != null && MediaType.APPLICATION_JSON.isCompatibleWith(type);
	}

	private static String routeId(ServerWebExchange exchange) {
		org.springframework.cloud.gateway.route.Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "none";
	}

	private static String clientIp(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	/** Limits of one route. */
	public static class Config {

		private int perIp = 20;

		private int perUsername = 0;

		private Duration window = Duration.ofMinutes(1);

		public int getPerIp() {
			return this.perIp;
		}

		public void setPerIp(int perIp) {
			this.perIp = perIp;
		}

		public int getPerUsername() {
			return this.perUsername;
		}

		public void setPerUsername(int perUsername) {
			this.perUsername = perUsername;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}

package io.gatehouse.gateway.ratelimit;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.clientaddress.ClientAddressResolver;
import io.gatehouse.gateway.clientaddress.ClientNetwork;
import io.gatehouse.gateway.connections.ConnectionTimeoutsProperties;

/**
 * {@code LimitAttempts=perIp,perUsername,window}: brute-force limits for login and token routes.
 * Attempts are counted per client network (an IPv4 address or an IPv6 /64, the client found behind
 * trusted proxies) and, when {@code perUsername > 0}, per username from that network and, when
 * {@code perUsernameAllNetworks > 0}, per username from everywhere; over any limit the answer is 429
 * with {@code Retry-After} and the upstream is not called. An attempt refused by one limit is not
 * counted by the limits after it. A route that counts usernames reads its body, bounded by
 * {@code gatehouse.gateway.login-limits.max-body-size} (413 beyond), strictly as {@link LoginBody}
 * says for its {@code bodyFormat} (JSON, or the login page's form; 400 {@code invalid_request}
 * otherwise), counts the username by its {@link UsernameKey} (so {@code Alice}, {@code ALICE} and
 * fullwidth {@code ａｌｉｃｅ} share one bucket, as they share one account), and forwards exactly the
 * bytes it read; other routes' bodies stream through unread.
 */
public final class LimitAttemptsGatewayFilterFactory
		extends AbstractGatewayFilterFactory<LimitAttemptsGatewayFilterFactory.Config> {

	private final AttemptLimiter limiter;

	private final ClientAddressResolver clientAddresses;

	private final LoginBody loginBody;

	private final JsonMapper json;

	private final int maxBodySize;

	private final Duration bodyTimeout;

	public LimitAttemptsGatewayFilterFactory(AttemptLimiter limiter, ClientAddressResolver clientAddresses,
			JsonMapper json, LoginLimitProperties properties, ConnectionTimeoutsProperties timeouts) {
		super(Config.class);
		this.limiter = limiter;
		this.clientAddresses = clientAddresses;
		this.loginBody = new LoginBody(json);
		this.json = json;
		this.maxBodySize = (int) properties.maxBodySize().toBytes();
		this.bodyTimeout = timeouts.smallBodyTimeout();
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("perIp", "perUsername", "window");
	}

	@Override
	public LimitAttempts apply(Config config) {
		return new LimitAttempts(config);
	}

	/**
	 * The filter of one route, its limits readable so that the route's API description can say it
	 * answers 429 (and, when it counts usernames, 400 and 413).
	 */
	public final class LimitAttempts implements GatewayFilter {

		private final Config config;

		LimitAttempts(Config config) {
			this.config = config;
		}

		/** This route's limits. */
		public Config config() {
			return this.config;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			String route = (this.config.getBucket() != null) ? this.config.getBucket() : routeId(exchange);
			InetAddress client = LimitAttemptsGatewayFilterFactory.this.clientAddresses.resolve(exchange);
			String network = ClientNetwork.of(client);
			return LimitAttemptsGatewayFilterFactory.this.limiter
				.tryAcquire(route + ":net:" + network, this.config.getPerIp(), this.config.getIpWindow())
				.flatMap((byNetwork) -> {
					if (!byNetwork.allowed()) {
						return tooMany(exchange, byNetwork.retryAfter());
					}
					return (this.config.getPerUsername() <= 0) ? chain.filter(exchange)
							: limitUsername(exchange, chain, this.config, route, ClientNetwork.siteOf(client));
				});
		}

	}

	private Mono<Void> limitUsername(ServerWebExchange exchange, GatewayFilterChain chain, Config config, String route,
			String network) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String typeProblem;
		try {
			typeProblem = LoginBody.contentTypeProblem(headers.getContentType(), config.getBodyFormat());
		}
		catch (InvalidMediaTypeException ex) {
			typeProblem = LoginBody.contentTypeProblem(null, config.getBodyFormat());
		}
		if (typeProblem != null) {
			return invalidRequest(exchange, HttpStatus.BAD_REQUEST, typeProblem);
		}
		return RequestBodies.read(exchange, this.maxBodySize, this.bodyTimeout, this.json)
			.flatMap((body) -> limitReading(exchange, chain, config, route, network, body));
	}

	private Mono<Void> limitReading(ServerWebExchange exchange, GatewayFilterChain chain, Config config, String route,
			String network, byte[] body) {
		LoginBody.Reading reading = this.loginBody.read(body, config.getBodyFormat());
		if (reading.problem() != null) {
			return invalidRequest(exchange, HttpStatus.BAD_REQUEST, reading.problem());
		}
		ServerWebExchange replayed = RequestBodies.replay(exchange, body);
		// Counted by the key the token service logs in with, so no spelling of one user gets attempts of its own.
		String username = UsernameKey.of(reading.username());
		return this.limiter
			.tryAcquire(route + ":user-net:" + network + " " + username, config.getPerUsername(),
					config.getUsernameWindow())
			.flatMap((fromNetwork) -> {
				if (!fromNetwork.allowed()) {
					return tooMany(replayed, fromNetwork.retryAfter());
				}
				if (config.getPerUsernameAllNetworks() <= 0) {
					return chain.filter(replayed);
				}
				return this.limiter
					.tryAcquire(route + ":user:" + username, config.getPerUsernameAllNetworks(),
							config.getAllNetworksWindow())
					.flatMap((everywhere) -> everywhere.allowed() ? chain.filter(replayed)
							: tooMany(replayed, everywhere.retryAfter()));
			});
	}

	private Mono<Void> tooMany(ServerWebExchange exchange, Duration retryAfter) {
		exchange.getResponse()
			.getHeaders()
			.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
		return RequestBodies.error(exchange, HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
				"too many attempts; retry after the time in Retry-After", this.json);
	}

	private Mono<Void> invalidRequest(ServerWebExchange exchange, HttpStatus status, String description) {
		return RequestBodies.error(exchange, status, "invalid_request", description, this.json);
	}

	private static String routeId(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "none";
	}

	/**
	 * Limits of one route. {@code window} (the shortcut's third value) sets both
	 * {@code ipWindow} and {@code usernameWindow}.
	 */
	public static class Config {

		private int perIp = 20;

		private Duration ipWindow = Duration.ofMinutes(1);

		private int perUsername = 0;

		private Duration usernameWindow = Duration.ofMinutes(1);

		private int perUsernameAllNetworks = 0;

		private Duration allNetworksWindow = Duration.ofHours(1);

		private LoginBody.Format bodyFormat = LoginBody.Format.JSON;

		private String bucket;

		/** Attempts per client network in {@code ipWindow}; default 20. */
		public int getPerIp() {
			return this.perIp;
		}

		public void setPerIp(int perIp) {
			this.perIp = perIp;
		}

		/** Default 1 minute. */
		public Duration getIpWindow() {
			return this.ipWindow;
		}

		public void setIpWindow(Duration ipWindow) {
			this.ipWindow = ipWindow;
		}

		/** Attempts per username and client network in {@code usernameWindow}; default 0, not counted. */
		public int getPerUsername() {
			return this.perUsername;
		}

		public void setPerUsername(int perUsername) {
			this.perUsername = perUsername;
		}

		/** Default 1 minute. */
		public Duration getUsernameWindow() {
			return this.usernameWindow;
		}

		public void setUsernameWindow(Duration usernameWindow) {
			this.usernameWindow = usernameWindow;
		}

		/** Attempts per username from all networks in {@code allNetworksWindow}; default 0, not counted. */
		public int getPerUsernameAllNetworks() {
			return this.perUsernameAllNetworks;
		}

		public void setPerUsernameAllNetworks(int perUsernameAllNetworks) {
			this.perUsernameAllNetworks = perUsernameAllNetworks;
		}

		/** Default 1 hour. */
		public Duration getAllNetworksWindow() {
			return this.allNetworksWindow;
		}

		public void setAllNetworksWindow(Duration allNetworksWindow) {
			this.allNetworksWindow = allNetworksWindow;
		}

		/** How the body names the username when usernames are counted; default {@code JSON}. */
		public LoginBody.Format getBodyFormat() {
			return this.bodyFormat;
		}

		public void setBodyFormat(LoginBody.Format bodyFormat) {
			this.bodyFormat = bodyFormat;
		}

		/**
		 * The name the counts are kept under; default {@code null}, the route's id. Routes that are
		 * two doors to one password check share a name, so that an attacker cannot double the limits
		 * by using both.
		 */
		public String getBucket() {
			return this.bucket;
		}

		public void setBucket(String bucket) {
			this.bucket = bucket;
		}

		public void setWindow(Duration window) {
			this.ipWindow = window;
			this.usernameWindow = window;
		}

	}

}

package io.gatehouse.gateway.routes;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.gatehouse.gateway.clientaddress.ForwardClientAddressHeadersFilter;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.ratelimit.LimitAttemptsGatewayFilterFactory;
import io.gatehouse.gateway.ratelimit.LimitRequestBodyGatewayFilterFactory;
import io.gatehouse.gateway.ratelimit.LoginBody;
import io.gatehouse.gateway.ratelimit.LoginLimitProperties;

/**
 * The token service's routes, built in so a user's own route list never removes them:
 * {@code /auth/login} and {@code /auth/signup} (public; per client network, per username and
 * network, and per username from everywhere, as {@code gatehouse.gateway.login-limits.*} says),
 * the hosted login page's form {@code POST /signin} (public, with the same three limits counted in
 * the same buckets as {@code /auth/login}, its username read from the form as strictly as from
 * {@code /auth/login}'s JSON), the rest of the authorization
 * code flow and OpenID Connect: {@code /oauth2/authorize}, {@code /signin} and its stylesheet under
 * {@code /signin/**}, {@code /oauth2/logout} and {@code /userinfo} (public at the gateway: the token
 * service checks the bearer token of {@code /userinfo} and answers RFC 6750 itself),
 * {@code /oauth2/token}, {@code /oauth2/revoke} and {@code /oauth2/authorize} (public, 120 a minute
 * per client network, each route counted apart),
 * {@code /oauth2/jwks} and {@code /.well-known/**} (public), the user's session endpoints
 * (token required; the token service checks it again) and {@code /admin/**} (role {@code admin}).
 * Each forwards the client address it resolved in {@code X-Forwarded-For}, for the token service's
 * audit trail, and reads bodies to at most {@code gatehouse.gateway.login-limits.max-body-size}
 * (413 beyond, the rest unread). The revocation feed ({@code /oauth2/revocations}) and
 * introspection ({@code /oauth2/introspect}) are not routed: they are for gateways, which reach the
 * token service directly, so through the gateway they answer 404 like any unrouted path.
 * Disable with {@code gatehouse.gateway.token-service-routes=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gatehouse.gateway.token-service-routes", havingValue = "true", matchIfMissing = true)
class TokenServiceRoutes {

	private static final String FORWARD = ForwardClientAddressHeadersFilter.METADATA;

	/** How long a token-service route waits to connect. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	RouteLocator tokenServiceRouteLocator(RouteLocatorBuilder routes, GatewayProperties properties,
			LimitAttemptsGatewayFilterFactory limits, LimitRequestBodyGatewayFilterFactory bodies,
			LoginLimitProperties loginLimits) {
		String uri = properties.tokenServiceUri().toString();
		// A token service that hangs (paused, swapping, partitioned) is answered 503 with Retry-After by
		// GatewayErrorWebExceptionHandler after this, never a request left open.
		long timeout = properties.tokenServiceTimeout().toMillis();
		LimitRequestBodyGatewayFilterFactory.Config bound = new LimitRequestBodyGatewayFilterFactory.Config();
		bound.setMaxSize(loginLimits.maxBodySize());
		GatewayFilter bodyLimit = bodies.apply(bound);
		GatewayFilter loginLimit = limits.apply(loginLimit(loginLimits, LoginBody.Format.JSON));
		GatewayFilter loginFormLimit = limits.apply(loginLimit(loginLimits, LoginBody.Format.FORM));
		GatewayFilter tokenLimit = limits.apply(tokenLimit(loginLimits));
		return routes.routes()
			.route("token-service-login", (route) -> route.path("/auth/login", "/auth/signup")
				.filters((filters) -> filters.filter(loginLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.route("token-service-login-form", (route) -> route.path("/signin").and().method(HttpMethod.POST)
				.filters((filters) -> filters.filter(loginFormLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			// Each authorization request the token service accepts is a stored row for 10 minutes: limited per
			// network like the token endpoint (its own bucket, by route id).
			.route("token-service-authorize", (route) -> route.path("/oauth2/authorize")
				.filters((filters) -> filters.filter(tokenLimit).filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.route("token-service-authorization", (route) -> route
				.path("/oauth2/logout", "/signin", "/signin/**", "/userinfo")
				.filters((filters) -> filters.filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.route("token-service-token", (route) -> route.path("/oauth2/token", "/oauth2/revoke")
				.filters((filters) -> filters.filter(tokenLimit).filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.route("token-service-public", (route) -> route.path("/oauth2/jwks", "/.well-known/**")
				.filters((filters) -> filters.filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.route("token-service-sessions",
					(route) -> route.path("/auth/sessions", "/auth/sessions/**", "/auth/logout", "/auth/password")
						.filters((filters) -> filters.filter(bodyLimit))
						.metadata(FORWARD, true)
						.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
						.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
						.uri(uri))
			.route("token-service-admin", (route) -> route.path("/admin/**")
				.filters((filters) -> filters.filter(bodyLimit))
				.metadata("roles", "admin")
				.metadata(FORWARD, true)
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout)
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, CONNECT_TIMEOUT.toMillis())
				.uri(uri))
			.build();
	}

	private static LimitAttemptsGatewayFilterFactory.Config loginLimit(LoginLimitProperties limits,
			LoginBody.Format format) {
		LimitAttemptsGatewayFilterFactory.Config config = new LimitAttemptsGatewayFilterFactory.Config();
		config.setBodyFormat(format);
		// /auth/login and the login page's form check the same passwords: one set of counts for both.
		config.setBucket("token-service-login");
		config.setPerIp(limits.perNetwork());
		config.setIpWindow(limits.perNetworkWindow());
		config.setPerUsername(limits.perUsernameAndNetwork());
		config.setUsernameWindow(limits.perUsernameAndNetworkWindow());
		config.setPerUsernameAllNetworks(limits.perUsername());
		config.setAllNetworksWindow(limits.perUsernameWindow());
		return config;
	}

	private static LimitAttemptsGatewayFilterFactory.Config tokenLimit(LoginLimitProperties limits) {
		LimitAttemptsGatewayFilterFactory.Config config = new LimitAttemptsGatewayFilterFactory.Config();
		config.setPerIp(limits.tokenPerNetwork());
		config.setIpWindow(Duration.ofMinutes(1));
		return config;
	}

}

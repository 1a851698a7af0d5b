package io.gatehouse.gateway.routes;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.gateway.clientaddress.ForwardClientAddressHeadersFilter;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.ratelimit.LimitAttemptsGatewayFilterFactory;
import io.gatehouse.gateway.ratelimit.LimitRequestBodyGatewayFilterFactory;
import io.gatehouse.gateway.ratelimit.LoginLimitProperties;

/**
 * The token service's routes, built in so a user's own route list never removes them:
 * {@code /auth/login} and {@code /auth/signup} (public; per client network, per username and
 * network, and per username from everywhere, as {@code gatehouse.gateway.login-limits.*} says),
 * {@code /oauth2/token} and {@code /oauth2/revoke} (public, 120 a minute per client network),
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

	@Bean
	RouteLocator tokenServiceRouteLocator(RouteLocatorBuilder routes, GatewayProperties properties,
			LimitAttemptsGatewayFilterFactory limits, LimitRequestBodyGatewayFilterFactory bodies,
			LoginLimitProperties loginLimits) {
		String uri = properties.tokenServiceUri().toString();
		LimitRequestBodyGatewayFilterFactory.Config bound = new LimitRequestBodyGatewayFilterFactory.Config();
		bound.setMaxSize(loginLimits.maxBodySize());
		GatewayFilter bodyLimit = bodies.apply(bound);
		GatewayFilter loginLimit = limits.apply(loginLimit(loginLimits));
		GatewayFilter tokenLimit = limits.apply(tokenLimit(loginLimits));
		return routes.routes()
			.route("token-service-login", (route) -> route.path("/auth/login", "/auth/signup")
				.filters((filters) -> filters.filter(loginLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.uri(uri))
			.route("token-service-token", (route) -> route.path("/oauth2/token", "/oauth2/revoke")
				.filters((filters) -> filters.filter(tokenLimit).filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.uri(uri))
			.route("token-service-public", (route) -> route.path("/oauth2/jwks", "/.well-known/**")
				.filters((filters) -> filters.filter(bodyLimit))
				.metadata("auth", "public")
				.metadata(FORWARD, true)
				.uri(uri))
			.route("token-service-sessions",
					(route) -> route.path("/auth/sessions", "/auth/sessions/**", "/auth/logout", "/auth/password")
						.filters((filters) -> filters.filter(bodyLimit))
						.metadata(FORWARD, true)
						.uri(uri))
			.route("token-service-admin", (route) -> route.path("/admin/**")
				.filters((filters) -> filters.filter(bodyLimit))
				.metadata("roles", "admin")
				.metadata(FORWARD, true)
				.uri(uri))
			.build();
	}

	private static LimitAttemptsGatewayFilterFactory.Config loginLimit(LoginLimitProperties limits) {
		LimitAttemptsGatewayFilterFactory.Config config = new LimitAttemptsGatewayFilterFactory.Config();
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

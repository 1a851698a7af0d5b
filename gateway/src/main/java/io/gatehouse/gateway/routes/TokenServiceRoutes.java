package io.gatehouse.gateway.routes;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.ratelimit.LimitAttemptsGatewayFilterFactory;

/**
 * The token service's routes, built in so a user's own route list never removes them:
 * {@code /auth/login} and {@code /auth/signup} (public, at most 20 attempts a minute per IP and 5
 * per username), {@code /oauth2/token} and {@code /oauth2/revoke} (public, 120 a minute per IP),
 * {@code /oauth2/jwks} and {@code /.well-known/**} (public), the user's session endpoints
 * (token required; the token service checks it again) and {@code /admin/**} (role {@code admin}).
 * The revocation feed ({@code /oauth2/revocations}) and introspection ({@code /oauth2/introspect})
 * are not routed: they are for gateways, which reach the token service directly, so through the
 * gateway they answer 404 like any unrouted path.
 * Disable with {@code gatehouse.gateway.token-service-routes=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gatehouse.gateway.token-service-routes", havingValue = "true", matchIfMissing = true)
class TokenServiceRoutes {

	@Bean
	RouteLocator tokenServiceRouteLocator(RouteLocatorBuilder routes, GatewayProperties properties,
			LimitAttemptsGatewayFilterFactory limits) {
		String uri = properties.tokenServiceUri().toString();
		GatewayFilter loginLimit = limits.apply(limit(20, 5));
		GatewayFilter tokenLimit = limits.apply(limit(120, 0));
		return routes.routes()
			.route("token-service-login", (route) -> route.path("/auth/login", "/auth/signup")
				.filters((filters) -> filters.filter(loginLimit))
				.metadata("auth", "public")
				.uri(uri))
			.route("token-service-token", (route) -> route.path("/oauth2/token", "/oauth2/revoke")
				.filters((filters) -> filters.filter(tokenLimit))
				.metadata("auth", "public")
				.uri(uri))
			.route("token-service-public", (route) -> route.path("/oauth2/jwks", "/.well-known/**")
				.metadata("auth", "public")
				.uri(uri))
			.route("token-service-sessions",
					(route) -> route.path("/auth/sessions", "/auth/sessions/**", "/auth/logout", "/auth/password").uri(uri))
			.route("token-service-admin", (route) -> route.path("/admin/**").metadata("roles", "admin").uri(uri))
			.build();
	}

	private static LimitAttemptsGatewayFilterFactory.Config limit(int perIp, int perUsername) {
		LimitAttemptsGatewayFilterFactory.Config config = new LimitAttemptsGatewayFilterFactory.Config();
		config.setPerIp(perIp);
		config.setPerUsername(perUsername);
		config.setWindow(Duration.ofMinutes(1));
		return config;
	}

}

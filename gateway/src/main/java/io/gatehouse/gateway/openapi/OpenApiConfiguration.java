package io.gatehouse.gateway.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.oas.models.servers.ServerVariables;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;

/**
 * The gateway's OpenAPI 3 description (springdoc), served at {@code /actuator/openapi} on the
 * management port only and generated from its routes rather than from controllers (it has none):
 * see {@link RoutesOpenApiCustomizer}. Its server is a variable defaulting to
 * {@code http://localhost:8080}, the client port, not the management port the description is
 * served on nor anything that depends on where it is generated, so the committed copy
 * ({@code docs/openapi/gateway.json}) is the same everywhere.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI gatewayOpenApi() {
		return new OpenAPI().info(new Info().title("Gatehouse gateway")
			.description("The edge gateway's routes, generated from its route definitions (the built-in token-service "
					+ "routes and the configured app routes). Every route requires an RFC 9068 bearer access token "
					+ "unless it is public. Errors the gateway gives itself are {\"error\",\"error_description\"} with "
					+ "RFC 6749 §5.2 / RFC 6750 §3 codes; any path not listed answers 404 not_found "
					+ "(components/responses/NotFound). Path templates come from Spring Cloud Gateway patterns: "
					+ "** and {*name} take the rest of the path, slashes included; x-gatehouse-path-pattern keeps the "
					+ "pattern.")
			.version("v1")
			.license(new License().name("see the repository")));
	}

	@Bean
	RoutesSnapshot gatewayRoutesSnapshot(ObjectProvider<RouteLocator> routes) {
		return new RoutesSnapshot(routes);
	}

	@Bean
	OpenApiCustomizer gatewayRoutesDescription(RoutesSnapshot routes, GatewayProperties gateway,
			RevocationFeedProperties feed) {
		return new RoutesOpenApiCustomizer(routes::current, new RouteOperations(gateway.defaultMode(), feed.enabled()));
	}

	@Bean
	OpenApiCustomizer gatewayClientPortAsServer() {
		return (openApi) -> openApi.setServers(List.of(new Server().url("{origin}")
			.description("Where clients reach the gateway: its client port (server.port), never the management port")
			.variables(new ServerVariables().addServerVariable("origin",
					new ServerVariable()._default("http://localhost:8080").description("scheme, host and port")))));
	}

}

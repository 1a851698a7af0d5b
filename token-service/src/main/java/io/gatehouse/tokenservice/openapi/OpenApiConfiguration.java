package io.gatehouse.tokenservice.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.tokenservice.config.GatehouseProperties;

/**
 * The token service's OpenAPI 3 description (springdoc, generated from the controllers), served at
 * {@code /actuator/openapi} on the management port only. Its server is the issuer, the address
 * clients are meant to use, rather than whatever address the request came in on, so the committed
 * copy ({@code docs/openapi/token-service.json}) is the same wherever it is generated.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI tokenServiceOpenApi() {
		return new OpenAPI().info(new Info().title("Gatehouse token service")
			.description("Login, the authorization code grant with PKCE and OpenID Connect (discovery, ID tokens, "
					+ "userinfo, RP-initiated logout; the HTML authorization endpoint and login page are not listed), "
					+ "RFC 9068 access tokens, rotating refresh-token sessions (RFC 6749 §6), revocation (RFC 7009), introspection (RFC 7662), the revocation feed, session management and the audit "
					+ "timeline. Errors are {\"error\",\"error_description\"} with RFC 6749 §5.2 / RFC 6750 §3 codes.")
			.version("v1")
			.license(new License().name("see the repository")));
	}

	@Bean
	OpenApiCustomizer issuerAsServer(GatehouseProperties properties) {
		return (openApi) -> openApi.setServers(List.of(new Server().url(properties.issuerString())));
	}

}

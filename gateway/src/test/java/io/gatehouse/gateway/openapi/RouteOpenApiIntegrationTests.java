package io.gatehouse.gateway.openapi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.StubTokenService;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestTokens;
import io.gatehouse.testsupport.OpenApiDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The description served at {@code /actuator/openapi} on the management port is generated from the
 * routes the gateway really has: a public route, a route with a method restriction, scopes and
 * roles, a stateful route, a hybrid {@code feed-down: closed} route, and the built-in token-service
 * routes, each with the security, the answers the gateway itself gives there and its session mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RouteOpenApiIntegrationTests {

	static final StubTokenService tokenService = new StubTokenService(TestKeys.rsa());

	static final RecordingUpstream upstream = new RecordingUpstream();

	static final JsonMapper json = JsonMapper.builder().build();

	@Value("${local.management.port}")
	int managementPort;

	JsonNode description;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("gatehouse.gateway.issuer", () -> TestTokens.ISSUER);
		registry.add("gatehouse.gateway.default-mode", () -> "stateless");
		registry.add("gatehouse.gateway.revocation-feed.startup-wait", () -> "100ms");
		route(registry, 0, "status", List.of("Path=/status"), "auth", "public");
		route(registry, 1, "orders", List.of("Path=/orders/**", "Method=GET,POST"), "scopes", "orders:read orders:write",
				"roles", "clerk");
		route(registry, 2, "payments", List.of("Path=/payments/{id}"), "mode", "stateful");
		route(registry, 3, "reports", List.of("Path=/reports/**"), "mode", "hybrid", "feed-down", "closed");
	}

	private static void route(DynamicPropertyRegistry registry, int index, String id, List<String> predicates,
			String... metadata) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
		registry.add(prefix + "id", () -> id);
		registry.add(prefix + "uri", upstream::url);
		for (int i = 0; i < predicates.size(); i++) {
			String predicate = predicates.get(i);
			registry.add(prefix + "predicates[" + i + "]", () -> predicate);
		}
		for (int i = 0; i < metadata.length; i += 2) {
			String value = metadata[i + 1];
			registry.add(prefix + "metadata." + metadata[i], () -> value);
		}
	}

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
	}

	@BeforeEach
	void fetch() {
		String served = OpenApiDocument.fetch(this.managementPort);
		this.description = json.readTree(served);
	}

	@Test
	void publicRouteWhenDescribedThenNoSecurityAndNoTokenAnswers() {
		JsonNode get = operation("/status", "get");
		assertThat(get.get("security").isArray()).isTrue();
		assertThat(get.get("security").size()).as("no security requirement").isZero();
		assertThat(fieldNames(get.get("responses"))).containsExactlyInAnyOrder("default", "408", "502", "504");
		assertThat(get.at("/responses/502/$ref").asString()).isEqualTo("#/components/responses/BadGateway");
		assertThat(get.has("x-gatehouse-session-mode")).isFalse();
		assertThat(get.at("/x-gatehouse-route-id").asString()).isEqualTo("status");
		assertThat(fieldNames(this.description.at("/paths/~1status"))).contains("get", "post", "put", "patch", "delete",
				"head", "options", "trace");
	}

	@Test
	void scopedRouteWhenDescribedThenBearerWithScopesRolesAndOnlyItsMethods() {
		JsonNode path = this.description.at("/paths/~1orders~1{path}");
		assertThat(path.at("/x-gatehouse-path-pattern").asString()).isEqualTo("/orders/**");
		assertThat(fieldNames(path)).contains("get", "post").doesNotContain("put", "delete", "patch");
		JsonNode get = operation("/orders/{path}", "get");
		assertThat(get.at("/security/0/bearer").isArray()).isTrue();
		assertThat(get.at("/x-gatehouse-required-scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
		assertThat(get.at("/x-gatehouse-required-roles").toString()).isEqualTo("[\"clerk\"]");
		assertThat(get.at("/x-gatehouse-session-mode").asString()).isEqualTo("stateless");
		assertThat(fieldNames(get.get("responses"))).containsExactlyInAnyOrder("default", "400", "401", "403", "408",
				"502", "504");
		assertThat(get.at("/responses/401/$ref").asString()).isEqualTo("#/components/responses/Unauthorized");
		assertThat(get.at("/responses/403/$ref").asString()).isEqualTo("#/components/responses/Forbidden");
		assertThat(get.at("/parameters/0/name").asString()).isEqualTo("path");
		assertThat(get.at("/parameters/0/in").asString()).isEqualTo("path");
	}

	@Test
	void statefulRouteWhenDescribedThenUnavailableAnswerAndMode() {
		JsonNode get = operation("/payments/{id}", "get");
		assertThat(get.at("/x-gatehouse-session-mode").asString()).isEqualTo("stateful");
		assertThat(fieldNames(get.get("responses"))).containsExactlyInAnyOrder("default", "400", "401", "408", "502",
				"503", "504");
		assertThat(get.at("/responses/503/$ref").asString()).isEqualTo("#/components/responses/ServiceUnavailable");
		assertThat(get.at("/parameters/0/name").asString()).isEqualTo("id");
	}

	@Test
	void feedDownClosedRouteWhenDescribedThenHybridClosedAndUnavailable() {
		JsonNode get = operation("/reports/{path}", "get");
		assertThat(get.at("/x-gatehouse-session-mode").asString()).isEqualTo("hybrid");
		assertThat(get.at("/x-gatehouse-feed-down").asString()).isEqualTo("closed");
		assertThat(fieldNames(get.get("responses"))).contains("503");
	}

	@Test
	void builtInRoutesWhenDescribedThenLimitsBodiesAndTokenServiceUnavailable() {
		JsonNode login = operation("/auth/login", "post");
		assertThat(login.at("/x-gatehouse-route-id").asString()).isEqualTo("token-service-login");
		assertThat(login.get("security").size()).isZero();
		assertThat(fieldNames(login.get("responses"))).containsExactlyInAnyOrder("default", "400", "408", "413", "429",
				"503");
		assertThat(login.at("/responses/429/$ref").asString()).isEqualTo("#/components/responses/TooManyRequests");
		assertThat(fieldNames(operation("/oauth2/token", "post").get("responses"))).contains("413", "429", "503")
			.doesNotContain("400", "401", "502");
		assertThat(fieldNames(operation("/.well-known/{path}", "get").get("responses"))).contains("413", "503")
			.doesNotContain("429");
		JsonNode admin = operation("/admin/{path}", "delete");
		assertThat(admin.at("/x-gatehouse-required-roles").toString()).isEqualTo("[\"admin\"]");
		assertThat(fieldNames(admin.get("responses"))).contains("401", "403", "413", "503").doesNotContain("502", "504");
		assertThat(this.description.at("/paths/~1oauth2~1revocations").isMissingNode()).as("feed not routed").isTrue();
	}

	@Test
	void componentsWhenDescribedThenErrorBodyChallengeAndBearerScheme() {
		JsonNode components = this.description.get("components");
		assertThat(components.at("/securitySchemes/bearer/type").asString()).isEqualTo("http");
		assertThat(components.at("/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
		assertThat(components.at("/securitySchemes/bearer/bearerFormat").asString()).isEqualTo("JWT");
		assertThat(fieldNames(components.at("/schemas/Error/properties"))).containsExactlyInAnyOrder("error",
				"error_description");
		assertThat(components.at("/responses/Unauthorized/headers/WWW-Authenticate/$ref").asString())
			.isEqualTo("#/components/headers/WWW-Authenticate");
		assertThat(components.at("/responses/Forbidden/headers/WWW-Authenticate/$ref").asString())
			.isEqualTo("#/components/headers/WWW-Authenticate");
		assertThat(components.at("/responses/ServiceUnavailable/headers/Retry-After/$ref").asString())
			.isEqualTo("#/components/headers/Retry-After");
		assertThat(components.at("/responses/TooManyRequests/headers/Retry-After/$ref").asString())
			.isEqualTo("#/components/headers/Retry-After");
		assertThat(components.at("/responses/NotFound/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/Error");
		assertThat(this.description.at("/info/title").asString()).isEqualTo("Gatehouse gateway");
	}

	private JsonNode operation(String path, String method) {
		JsonNode operation = this.description.path("paths").path(path).path(method);
		assertThat(operation.isObject()).as(method + " " + path + " in " + fieldNames(this.description.path("paths")))
			.isTrue();
		return operation;
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

}

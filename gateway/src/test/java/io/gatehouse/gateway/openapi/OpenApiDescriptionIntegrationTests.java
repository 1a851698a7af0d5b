package io.gatehouse.gateway.openapi;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.StubTokenService;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.testsupport.OpenApiDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's OpenAPI description is served on the management port only, and the committed copy
 * {@code docs/openapi/gateway.json} matches what the shipped configuration generates (the demo
 * profile's routes plus the built-in token-service routes, every other setting at its default).
 * After a route change, regenerate it with {@code ./mvnw -pl gateway -am verify
 * -Dtest=OpenApiDescriptionIntegrationTests -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgatehouse.openapi.update=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("demo")
class OpenApiDescriptionIntegrationTests {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi", "gateway.json");

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	static final StubTokenService tokenService = new StubTokenService(TestKeys.rsa());

	@Autowired
	WebTestClient http;

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		// Where the token service is and how long startup waits for its feed appear nowhere in the description.
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("gatehouse.gateway.revocation-feed.startup-wait", () -> "100ms");
	}

	@AfterAll
	static void stop() {
		tokenService.close();
	}

	@Test
	void openApiWhenAskedOnClientPortThenNotServed() {
		this.http.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
		this.http.get().uri("/actuator/openapi").exchange().expectStatus().isNotFound();
	}

	@Test
	void openApiWhenGeneratedThenMatchesTheCommittedCopy() throws Exception {
		String served = OpenApiDocument.fetch(this.managementPort);
		JsonNode description = json.readTree(served);
		assertThat(description.at("/info/title").asString()).isEqualTo("Gatehouse gateway");
		assertThat(description.at("/paths/~1api~1{path}/get/x-gatehouse-session-mode").asString())
			.as("the demo route, in the default mode").isEqualTo("hybrid");
		assertThat(description.at("/paths/~1oauth2~1token/post").isObject()).as("a built-in route").isTrue();
		String generated = json.writeValueAsString(description) + "\n";

		OpenApiDocument.assertCommittedCopyIs(COMMITTED, generated);
	}

}

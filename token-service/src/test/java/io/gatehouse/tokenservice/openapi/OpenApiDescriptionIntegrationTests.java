package io.gatehouse.tokenservice.openapi;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;
import io.gatehouse.testsupport.OpenApiDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description is served on the management port only, and the committed copy
 * {@code docs/openapi/token-service.json} matches what the code generates. After an API change,
 * regenerate it with {@code ./mvnw -pl token-service -am verify -Dtest=OpenApiDescriptionIntegrationTests
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgatehouse.openapi.update=true}.
 */
class OpenApiDescriptionIntegrationTests extends TokenServiceIntegrationTest {

	private static final Path COMMITTED = Path.of("..", "docs", "openapi", "token-service.json");

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("openapi").forEach((key, value) -> registry.add(key, () -> value));
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
		assertThat(description.at("/paths/~1oauth2~1token/post")).as("the token endpoint").isNotNull();
		assertThat(description.at("/info/title").asString()).isEqualTo("Gatehouse token service");
		String generated = json.writeValueAsString(description) + "\n";

		OpenApiDocument.assertCommittedCopyIs(COMMITTED, generated);
	}

}

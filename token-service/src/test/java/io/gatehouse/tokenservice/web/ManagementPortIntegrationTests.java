package io.gatehouse.tokenservice.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator answers only on the management port ({@code management.server.port}, 9001 by default):
 * on the client port its paths are unknown, so metrics and health details never reach clients.
 */
class ManagementPortIntegrationTests extends TokenServiceIntegrationTest {

	@Value("${local.server.port}")
	int clientPort;

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("management").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void actuatorWhenAskedOnClientPortThenNotFoundWithStandardError() {
		assertThat(this.managementPort).isNotEqualTo(this.clientPort);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
				"/actuator" }) {
			this.http.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody()
				.jsonPath("$.error").isNotEmpty()
				.jsonPath("$.timestamp").doesNotExist()
				.jsonPath("$.trace").doesNotExist();
		}
	}

	@Test
	void actuatorWhenAskedOnManagementPortThenServesProbesAndMetrics() {
		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes"));
	}

}

package io.gatehouse.gateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator answers only on the gateway's management port ({@code management.server.port}, 8091 by
 * default): through the client port, metrics such as the revocation feed's downtime and health
 * details and the API description are neither served by the gateway nor routed to any upstream.
 */
class ManagementPortIntegrationTests extends GatewayIntegrationTest {

	@Value("${local.server.port}")
	int clientPort;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void actuatorWhenAskedOnClientPortThenNotServed() {
		assertThat(this.managementPort).isNotEqualTo(this.clientPort);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
				"/actuator/metrics", "/actuator/openapi", "/v3/api-docs", "/actuator" }) {
			this.http.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isNotFound()
				.expectBody(String.class)
				.value((body) -> assertThat(body).doesNotContain("jvm_").doesNotContain("\"status\":\"UP\"").doesNotContain("\"openapi\""));
		}
		assertThat(upstream.received()).as("upstream calls").isEmpty();
	}

	@Test
	void actuatorWhenAskedOnManagementPortThenServesProbesAndMetrics() {
		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes"));
		management.get()
			.uri("/actuator/openapi")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.info.title")
			.isEqualTo("Gatehouse gateway");
	}

}

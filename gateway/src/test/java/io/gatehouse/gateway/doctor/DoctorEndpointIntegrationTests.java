package io.gatehouse.gateway.doctor;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/gatehouse-doctor} answers the running gateway's findings as JSON, on the management port only. */
class DoctorEndpointIntegrationTests extends GatewayIntegrationTest {

	@Value("${local.management.port}")
	int managementPort;

	@DynamicPropertySource
	static void browserSessionCookies(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.browser.persistent-cookies", () -> "false");
	}

	@Test
	void doctorWhenAskedOnManagementPortThenFindingsAsJsonAndOnClientPortNotFound() {
		JsonNode report = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/actuator/gatehouse-doctor")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(report.get("findings")).anySatisfy((finding) -> {
			assertThat(finding.get("id").asString()).isEqualTo("cookie.browser-session");
			assertThat(finding.get("severity").asString()).isEqualTo("INFO");
			assertThat(finding.get("setting").asString()).isEqualTo("gatehouse.gateway.browser.persistent-cookies (true)");
		});
		this.http.get().uri("/actuator/gatehouse-doctor").exchange().expectStatus().isNotFound();
	}

}

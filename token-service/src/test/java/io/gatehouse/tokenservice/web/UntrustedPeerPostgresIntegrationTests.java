package io.gatehouse.tokenservice.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that is not a trusted proxy (here loopback, with {@code gatehouse.trusted-proxies} set to
 * another network) cannot write an address of its choosing into the audit trail.
 */
class UntrustedPeerPostgresIntegrationTests extends TokenServiceIntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("untrustedpeer").forEach((key, value) -> registry.add(key, () -> value));
		registry.add("gatehouse.trusted-proxies", () -> "10.255.255.0/24");
	}

	@Test
	void loginWhenUntrustedPeerSendsForwardedHeadersThenSocketPeerIsRecorded() {
		String user = createUser("spoof");

		JsonNode login = this.http.post().uri("/auth/login")
			.header("X-Forwarded-For", "203.0.113.9")
			.header("Forwarded", "for=203.0.113.9")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", PASSWORD, "client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		JsonNode sessions = this.http.get().uri("/auth/sessions")
			.headers((h) -> h.setBearerAuth(login.get("access_token").asString()))
			.exchange()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(sessions.findValuesAsString("ip_address")).containsOnly("127.0.0.1");
		adminTimeline(user).forEach((event) -> assertThat(event.get("ip_address").asString()).isEqualTo("127.0.0.1"));
	}

}

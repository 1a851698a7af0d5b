package io.gatehouse.gateway.e2e;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TokenServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with real parts: the real token service (its jar, as a process), the real
 * gateway, a real upstream. Log in through the gateway, call a protected route with the token the
 * token service signed, refresh through the gateway, log out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class EndToEndIntegrationTests {

	static final TokenServiceProcess tokenService = new TokenServiceProcess();

	static final RecordingUpstream upstream = new RecordingUpstream();

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "app");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", upstream::url);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/api/**");
	}

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
	}

	@Test
	void loginThroughGatewayThenProtectedRouteSeesIdentityAndRefreshAndLogoutWork() {
		JsonNode login = this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", TokenServiceProcess.ADMIN, "password", TokenServiceProcess.ADMIN_PASSWORD,
					"client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		String accessToken = login.get("access_token").asString();

		this.http.get().uri("/api/orders").headers((h) -> h.setBearerAuth(accessToken)).exchange().expectStatus().isOk();
		assertThat(upstream.received().get(0).headers().get("X-Auth-Session")).isEqualTo(login.get("session_id").asString());
		assertThat(upstream.received().get(0).headers().get("X-Auth-Roles")).isEqualTo("admin");

		JsonNode refreshed = this.http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=refresh_token&client_id=web&refresh_token=" + login.get("refresh_token").asString())
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		this.http.get().uri("/api/orders").headers((h) -> h.setBearerAuth(refreshed.get("access_token").asString()))
			.exchange().expectStatus().isOk();

		this.http.get().uri("/auth/sessions").headers((h) -> h.setBearerAuth(accessToken)).exchange()
			.expectStatus().isOk();
		this.http.post().uri("/auth/logout").headers((h) -> h.setBearerAuth(accessToken)).exchange()
			.expectStatus().isNoContent();
		this.http.get().uri("/auth/sessions").headers((h) -> h.setBearerAuth(accessToken)).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error_description=\"revoked\".*");
	}

	@Test
	void requestWhenTokenFromTokenServiceTamperedThenBadSignature() {
		JsonNode login = this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", TokenServiceProcess.ADMIN, "password", TokenServiceProcess.ADMIN_PASSWORD,
					"client_id", "mobile"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		String[] parts = login.get("access_token").asString().split("\\.");
		String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

		this.http.get().uri("/api/orders").headers((h) -> h.setBearerAuth(forged)).exchange()
			.expectStatus().isUnauthorized();
	}

}

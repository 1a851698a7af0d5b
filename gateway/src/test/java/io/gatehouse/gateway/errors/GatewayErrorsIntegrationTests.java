package io.gatehouse.gateway.errors;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayInstance;
import io.gatehouse.gateway.support.GatewayIntegrationTest;
import io.gatehouse.gateway.support.MisbehavingUpstream;

/**
 * What the gateway answers when it cannot give the upstream's answer: always
 * {@code {"error","error_description"}}, never Spring's default body. App routes get 502/504; the
 * token service's routes get 503 {@code temporarily_unavailable} with {@code Retry-After}, so OAuth
 * clients retry instead of dropping the user's session.
 */
class GatewayErrorsIntegrationTests extends GatewayIntegrationTest {

	private static final MisbehavingUpstream silent = new MisbehavingUpstream(MisbehavingUpstream.Behaviour.SILENT);

	private static final MisbehavingUpstream dropping = new MisbehavingUpstream(MisbehavingUpstream.Behaviour.DROP);

	@DynamicPropertySource
	static void failingRoutes(DynamicPropertyRegistry registry) {
		route(registry, 5, "refused", "/refused/**", "http://127.0.0.1:" + MisbehavingUpstream.closedPort());
		route(registry, 6, "silent", "/silent/**", silent.url());
		registry.add("spring.cloud.gateway.server.webflux.routes[6].metadata.response-timeout", () -> "500");
		route(registry, 7, "dropping", "/dropping/**", dropping.url());
		String refusedProtected = "spring.cloud.gateway.server.webflux.routes[8].";
		registry.add(refusedProtected + "id", () -> "refused-protected");
		registry.add(refusedProtected + "uri", () -> "http://127.0.0.1:" + MisbehavingUpstream.closedPort());
		registry.add(refusedProtected + "predicates[0]", () -> "Path=/refused-protected/**");
	}

	private static void route(DynamicPropertyRegistry registry, int index, String id, String path, String uri) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
		registry.add(prefix + "id", () -> id);
		registry.add(prefix + "uri", () -> uri);
		registry.add(prefix + "predicates[0]", () -> "Path=" + path);
		registry.add(prefix + "metadata.auth", () -> "public");
	}

	@AfterAll
	static void stopUpstreams() {
		silent.close();
		dropping.close();
	}

	@Test
	void requestWhenNoRouteMatchesThenNotFoundWithStandardError() {
		expectError(this.http.get().uri("/nosuch").exchange().expectStatus().isNotFound(), "not_found");
		expectError(this.http.post().uri("/nosuch/deeper").exchange().expectStatus().isNotFound(), "not_found");
	}

	@Test
	void requestWhenUpstreamRefusesThenBadGatewayWithStandardError() {
		expectError(this.http.get().uri("/refused/x").exchange().expectStatus().isEqualTo(502), "bad_gateway");
	}

	@Test
	void requestWhenUpstreamDropsConnectionBeforeAnsweringThenBadGateway() {
		expectError(this.http.get().uri("/dropping/x").exchange().expectStatus().isEqualTo(502), "bad_gateway");
	}

	@Test
	void requestWhenUpstreamDoesNotAnswerInTimeThenGatewayTimeout() {
		expectError(this.http.get().uri("/silent/x").exchange().expectStatus().isEqualTo(504), "gateway_timeout");
	}

	@Test
	void protectedRouteWhenUpstreamRefusesThenBadGatewayAfterAuthentication() {
		get("/refused-protected/x", null).expectStatus().isUnauthorized();
		expectError(get("/refused-protected/x", token().build()).expectStatus().isEqualTo(502), "bad_gateway");
	}

	@Test
	void tokenServiceRoutesWhenTokenServiceDownThenTemporarilyUnavailableWithRetryAfter() {
		try (GatewayInstance gateway = new GatewayInstance(Map.of("gatehouse.gateway.token-service-uri",
				"http://127.0.0.1:" + MisbehavingUpstream.closedPort(), "gatehouse.gateway.default-mode", "stateless",
				"gatehouse.gateway.revocation-feed.enabled", "false"))) {
			WebTestClient http = gateway.http();
			unavailable(http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"alice\",\"password\":\"a-long-password\",\"client_id\":\"web\"}")
				.exchange());
			unavailable(http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("grant_type=refresh_token&refresh_token=abc&client_id=web")
				.exchange());
			unavailable(http.get().uri("/oauth2/jwks").exchange());
			unavailable(http.get().uri("/.well-known/oauth-authorization-server").exchange());
		}
	}

	@Test
	void tokenServiceRoutesWhenTokenServiceHangsThenTemporarilyUnavailableWithRetryAfterNotARequestLeftOpen() {
		try (MisbehavingUpstream hung = new MisbehavingUpstream(MisbehavingUpstream.Behaviour.SILENT);
				GatewayInstance gateway = new GatewayInstance(Map.of("gatehouse.gateway.token-service-uri", hung.url(),
						"gatehouse.gateway.token-service-timeout", "1s", "gatehouse.gateway.default-mode", "stateless",
						"gatehouse.gateway.revocation-feed.enabled", "false"))) {
			WebTestClient http = gateway.http().mutate().responseTimeout(java.time.Duration.ofSeconds(10)).build();
			unavailable(http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("grant_type=refresh_token&refresh_token=abc&client_id=web")
				.exchange());
			unavailable(http.get().uri("/.well-known/openid-configuration").exchange());
		}
	}

	private static void unavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "5");
		expectError(response, "temporarily_unavailable");
	}

	private static void expectError(WebTestClient.ResponseSpec response, String error) {
		response.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error").isEqualTo(error)
			.jsonPath("$.error_description").isNotEmpty()
			.jsonPath("$.timestamp").doesNotExist()
			.jsonPath("$.status").doesNotExist()
			.jsonPath("$.trace").doesNotExist();
	}

}

package io.gatehouse.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import io.gatehouse.gateway.support.TokenServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow through the real gateway to the real token service, with the gateway
 * as issuer (as in development): discovery names the gateway's URLs, the authorization request, the
 * login page and its stylesheet, the form's POST, the code's exchange, userinfo and RP-initiated
 * logout all pass through the gateway's token-service routes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class AuthorizationCodeEndToEndIntegrationTests {

	static final int GATEWAY_PORT = freePort();

	static final String ISSUER = "http://127.0.0.1:" + GATEWAY_PORT;

	static final String REDIRECT = "http://127.0.0.1/e2e-callback";

	static final TokenServiceProcess tokenService = new TokenServiceProcess(null,
			List.of("--gatehouse.issuer=" + ISSUER, "--gatehouse.clients.e2e-app.display-name=End-to-end app",
					"--gatehouse.clients.e2e-app.redirect-uris[0]=" + REDIRECT,
					"--gatehouse.clients.e2e-app.post-logout-redirect-uris[0]=http://127.0.0.1/e2e-bye",
					"--gatehouse.clients.e2e-app.scopes=openid,profile,api"));

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> GATEWAY_PORT);
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
	}

	@AfterAll
	static void stop() {
		tokenService.close();
	}

	@Test
	void signInThroughGatewayThenCodeTokensUserinfoAndLogout() throws Exception {
		JsonNode discovery = this.http.get().uri("/.well-known/openid-configuration").exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(discovery.get("issuer").asString()).isEqualTo(ISSUER);
		assertThat(discovery.get("authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/authorize");

		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random(48));
		String challenge = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		Map<String, String> parameters = Map.of("response_type", "code", "client_id", "e2e-app", "redirect_uri",
				REDIRECT, "state", "s-1", "code_challenge", challenge, "code_challenge_method", "S256", "scope",
				"openid profile", "nonce", "n-1");
		EntityExchangeResult<Void> authorize = this.http.get()
			.uri((builder) -> {
				builder.path("/oauth2/authorize");
				parameters.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
				return builder.build(parameters);
			})
			.exchange()
			.expectStatus().isSeeOther()
			.expectBody().isEmpty();
		String requestId = authorize.getResponseHeaders().getLocation().toString().replace("../signin?request=", "");
		ResponseCookie cookie = authorize.getResponseCookies().getFirst("gatehouse-browser");

		String page = this.http.get().uri("/signin?request={id}", requestId).exchange()
			.expectStatus().isOk()
			.expectHeader().exists("Content-Security-Policy")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("End-to-end app").contains("href=\"/signin/gatehouse.css\"");
		this.http.get().uri("/signin/gatehouse.css").exchange().expectStatus().isOk();

		URI back = this.http.post().uri("/signin?request={id}", requestId)
			.cookie(cookie.getName(), cookie.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("request", requestId)
				.with("username", TokenServiceProcess.ADMIN)
				.with("password", TokenServiceProcess.ADMIN_PASSWORD))
			.exchange()
			.expectStatus().isSeeOther()
			.expectBody().isEmpty()
			.getResponseHeaders().getLocation();
		Map<String, String> response = UriComponentsBuilder.fromUri(back).build().getQueryParams().toSingleValueMap();
		assertThat(back.toString()).startsWith(REDIRECT + "?code=");
		assertThat(URLDecoder.decode(response.get("iss"), StandardCharsets.UTF_8)).isEqualTo(ISSUER);
		assertThat(response.get("state")).isEqualTo("s-1");

		JsonNode tokens = this.http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "authorization_code")
				.with("code", URLDecoder.decode(response.get("code"), StandardCharsets.UTF_8))
				.with("redirect_uri", REDIRECT)
				.with("code_verifier", verifier)
				.with("client_id", "e2e-app"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(tokens.get("id_token").asString()).isNotBlank();

		this.http.get().uri("/userinfo").headers((h) -> h.setBearerAuth(tokens.get("access_token").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.preferred_username").isEqualTo(TokenServiceProcess.ADMIN);

		this.http.get().uri("/oauth2/logout?id_token_hint={hint}", tokens.get("id_token").asString()).exchange()
			.expectStatus().isOk();
		this.http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "refresh_token")
				.with("refresh_token", tokens.get("refresh_token").asString())
				.with("client_id", "e2e-app"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_logout");
	}

	private static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static int freePort() {
		try {
			return TokenServiceProcess.freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

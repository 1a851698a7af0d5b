package io.gatehouse.tokenservice.authorization;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.session.SessionPurgeJob;
import io.gatehouse.tokenservice.support.AuthorizationFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code grant at the token endpoint, on PostgreSQL and on the embedded store:
 * tokens and a verifiable ID token for a valid code; {@code invalid_grant} for every mismatch; a
 * replayed code revokes the session it bought; the 60-second lifetime on a moving clock.
 */
public abstract class CodeExchangeContract extends AuthorizationIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	SessionPurgeJob purgeJob;

	@Test
	void exchangeWhenCodeValidThenSessionTokensAndVerifiableIdToken() throws Exception {
		String user = createUser("oidc");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid profile");
		Map<String, String> response = flow.signIn(user, PASSWORD);
		assertThat(response).containsEntry("state", flow.state).containsEntry("iss", ISSUER);
		assertThat(response.get("code")).hasSizeGreaterThanOrEqualTo(43);

		JsonNode tokens = flow.exchange(response.get("code"), Map.of()).expectStatus().isOk()
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(tokens.get("scope").asString()).isEqualTo("openid profile");
		assertThat(tokens.get("refresh_token").asString()).isNotBlank();
		String jwks = this.http.get().uri("/oauth2/jwks").exchange().expectBody(String.class).returnResult()
			.getResponseBody();
		SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asString());
		assertThat(idToken.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(com.nimbusds.jose.jwk.JWKSet.parse(jwks)
			.getKeyByKeyId(idToken.getHeader().getKeyID())
			.toRSAKey()))).isTrue();
		JWTClaimsSet claims = idToken.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly("app");
		assertThat(claims.getStringClaim("nonce")).isEqualTo(flow.nonce);
		assertThat(claims.getStringClaim("sid")).isEqualTo(tokens.get("session_id").asString());
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo(user);
		assertThat(claims.getSubject()).isEqualTo(com.nimbusds.jwt.SignedJWT
			.parse(tokens.get("access_token").asString()).getJWTClaimsSet().getSubject());
		assertThat(claims.getLongClaim("auth_time")).isBetween(this.clock.instant().getEpochSecond() - 60,
				this.clock.instant().getEpochSecond());
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
		assertThat(refreshed(tokens.get("refresh_token").asString(), "app").get("access_token")).isNotNull();
	}

	@Test
	void exchangeWhenNoOpenidScopeThenNoIdToken() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String code = flow.code("api", createUser("plain"), PASSWORD);
		flow.exchange(code, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.id_token").doesNotExist()
			.jsonPath("$.scope").isEqualTo("api");
	}

	@Test
	void exchangeWhenCodeReplayedThenInvalidGrantAndTheFirstSessionRevokedWithTimelineEntry() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String code = flow.code("openid", createUser("replay"), PASSWORD);
		JsonNode first = flow.exchange(code, Map.of()).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
			.getResponseBody();

		flow.exchange(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
			.isEqualTo("invalid_grant");

		refresh(first.get("refresh_token").asString(), "app").expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error").isEqualTo("invalid_grant")
			.jsonPath("$.error_description").isEqualTo("revoked_code_replay");
		assertThat(timelineReasons(first)).containsExactly("created", "revoked_code_replay");
	}

	/** Invariant: a code buys at most one session, however many exchanges race for it. */
	@Test
	void exchangeWhenRacedThenExactlyOneSessionAndThatOneRevoked() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "other", OTHER_REDIRECT);
		String code = flow.code("openid profile", createUser("race"), PASSWORD);
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		List<JsonNode> answers = Flux.range(0, 4)
			.flatMap((i) -> client.post()
				.uri("/oauth2/token")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData("grant_type", "authorization_code")
					.with("code", code)
					.with("redirect_uri", OTHER_REDIRECT)
					.with("code_verifier", flow.verifier)
					.with("client_id", "other"))
				.exchangeToMono((response) -> response.bodyToMono(JsonNode.class)))
			.collectList()
			.block(Duration.ofSeconds(60));

		List<JsonNode> sessions = answers.stream().filter((answer) -> answer.has("refresh_token")).toList();
		assertThat(sessions).as(answers.toString()).hasSize(1);
		assertThat(answers.stream().filter((answer) -> !answer.has("refresh_token")))
			.allSatisfy((answer) -> assertThat(answer.get("error").asString()).isEqualTo("invalid_grant"));
		refresh(sessions.get(0).get("refresh_token").asString(), "other").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_code_replay");
	}

	@Test
	void exchangeWhenVerifierMissingWrongOrForAnotherRequestThenInvalidGrant() {
		String user = createUser("pkce");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String code = flow.code("openid", user, PASSWORD);
		Map<String, String> missing = new HashMap<>();
		missing.put("code_verifier", null);
		expectInvalidGrant(flow.exchange(code, missing));
		expectInvalidGrant(flow.exchange(code, Map.of("code_verifier", AuthorizationFlow.randomString(48))));
		expectInvalidGrant(flow.exchange(code, Map.of("code_verifier", flow.challenge())));
		// None of those consumed the code: the right verifier still works.
		flow.exchange(code, Map.of()).expectStatus().isOk();
	}

	@Test
	void exchangeWhenAnotherClientOrAnotherRedirectUriThenInvalidGrant() {
		String user = createUser("binding");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", "http://127.0.0.1:4000/native-callback");
		String code = flow.code("openid", user, PASSWORD);
		expectInvalidGrant(flow.exchange(code, Map.of("client_id", "other")));
		expectInvalidGrant(flow.exchange(code, Map.of("redirect_uri", "http://127.0.0.1:4001/native-callback")));
		expectInvalidGrant(flow.exchange(code, Map.of("redirect_uri", APP_REDIRECT)));
		Map<String, String> noRedirect = new HashMap<>();
		noRedirect.put("redirect_uri", null);
		expectInvalidGrant(flow.exchange(code, noRedirect));
		expectInvalidGrant(flow.exchange("x" + code, Map.of()));
		flow.exchange(code, Map.of()).expectStatus().isOk();
	}

	@Test
	void exchangeWhenCodeOlderThanSixtySecondsThenInvalidGrant() {
		String user = createUser("expiry");
		AuthorizationFlow fresh = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String freshCode = fresh.code("openid", user, PASSWORD);
		AuthorizationFlow stale = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String staleCode = stale.code("openid", user, PASSWORD);

		this.clock.advance(Duration.ofSeconds(59));
		fresh.exchange(freshCode, Map.of()).expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(1));
		stale.exchange(staleCode, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
			.isEqualTo("invalid_grant").jsonPath("$.error_description").isEqualTo("authorization code expired");
	}

	@Test
	void purgeWhenCodeExpiredLongerThanRetentionThenItsRowGoesAndOnlyThen() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String code = flow.code("openid", createUser("purged"), PASSWORD);

		this.clock.advance(Duration.ofMinutes(61));
		this.purgeJob.purge().block(Duration.ofSeconds(30));
		flow.exchange(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
			.isEqualTo("authorization code expired");
		this.clock.advance(Duration.ofMinutes(1));
		this.purgeJob.purge().block(Duration.ofSeconds(30));
		flow.exchange(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
			.isEqualTo("unknown authorization code");
	}

	@Test
	void exchangeWhenConfidentialClientThenSecretBasicOrPostRequired() {
		String user = createUser("server");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "server", SERVER_REDIRECT);
		String code = flow.code("openid", user, PASSWORD);
		flow.exchange(code, Map.of()).expectStatus().isUnauthorized().expectBody().jsonPath("$.error")
			.isEqualTo("invalid_client");
		flow.exchange(code, Map.of("client_secret", "wrong-secret")).expectStatus().isUnauthorized();
		flow.exchange(code, Map.of("client_secret", SERVICE_SECRET)).expectStatus().isOk()
			.expectBody().jsonPath("$.id_token").exists();

		String second = flow.code("openid", user, PASSWORD);
		this.http.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth("server", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "authorization_code")
				.with("code", second)
				.with("redirect_uri", SERVER_REDIRECT)
				.with("code_verifier", flow.verifier))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void passwordLoginWhenClientLacksTheGrantThenUnauthorizedClient() {
		String user = createUser("grant");
		this.http.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", PASSWORD, "client_id", "app"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized_client");
	}

}

package io.gatehouse.tokenservice.oidc;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.gatehouse.tokenservice.authorization.AuthorizationIntegrationTest;
import io.gatehouse.tokenservice.support.AuthorizationFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect on top of the code flow, on PostgreSQL and on the embedded store: one discovery
 * document under both names, userinfo with RFC 6750 answers, and RP-initiated logout that ends the
 * session like {@code /auth/logout} and redirects only to a registered address.
 */
public abstract class OpenIdConnectContract extends AuthorizationIntegrationTest {

	@Test
	void discoveryWhenReadThenBothDocumentsAreOneAndCarryWhatRelyingPartiesNeed() {
		JsonNode openid = document("/.well-known/openid-configuration");
		JsonNode oauth = document("/.well-known/oauth-authorization-server");

		assertThat(openid).isEqualTo(oauth);
		assertThat(openid.get("issuer").asString()).isEqualTo(ISSUER);
		assertThat(openid.get("authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/authorize");
		assertThat(openid.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
		assertThat(openid.get("userinfo_endpoint").asString()).isEqualTo(ISSUER + "/userinfo");
		assertThat(openid.get("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
		assertThat(openid.get("end_session_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/logout");
		assertThat(strings(openid, "response_types_supported")).containsExactly("code");
		assertThat(strings(openid, "code_challenge_methods_supported")).containsExactly("S256");
		assertThat(strings(openid, "subject_types_supported")).containsExactly("public");
		assertThat(strings(openid, "id_token_signing_alg_values_supported")).containsExactly("RS256");
		assertThat(strings(openid, "grant_types_supported")).containsExactly("authorization_code", "refresh_token");
		assertThat(strings(openid, "token_endpoint_auth_methods_supported")).contains("client_secret_basic",
				"client_secret_post", "none");
		assertThat(strings(openid, "scopes_supported")).contains("openid", "profile", "api");
		assertThat(strings(openid, "claims_supported")).contains("sub", "auth_time", "nonce", "sid",
				"preferred_username");
		assertThat(openid.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
	}

	@Test
	void userinfoWhenAccessTokenHasOpenidThenSubjectAndUsernameByGetAndPost() {
		String user = createUser("userinfo");
		JsonNode tokens = signedIn(user, "openid profile");
		String subject = idTokenSubject(tokens);

		for (WebTestClient.RequestHeadersSpec<?> request : List.of(this.http.get().uri("/userinfo"),
				this.http.post().uri("/userinfo"))) {
			withToken(request, tokens).exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals("Cache-Control", "no-store")
				.expectBody()
				.jsonPath("$.sub").isEqualTo(subject)
				.jsonPath("$.preferred_username").isEqualTo(user);
		}
	}

	@Test
	void userinfoWhenNoTokenBadTokenNoOpenidScopeOrEndedSessionThenRfc6750Answers() {
		this.http.get().uri("/userinfo").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		this.http.get().uri("/userinfo").headers((headers) -> headers.setBearerAuth("not-a-token")).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error=\"invalid_token\".*");
		JsonNode apiOnly = signedIn(createUser("apionly"), "api");
		withToken(this.http.get().uri("/userinfo"), apiOnly).exchange()
			.expectStatus().isForbidden()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error=\"insufficient_scope\".*");
		JsonNode ended = signedIn(createUser("ended"), "openid");
		withToken(this.http.post().uri("/auth/logout"), ended).exchange().expectStatus().isNoContent();
		withToken(this.http.get().uri("/userinfo"), ended).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error_description=\"revoked\".*");
	}

	@Test
	void logoutWhenHintAndRegisteredRedirectThenSessionEndsAsLogoutAndBrowserGoesBackWithState() {
		JsonNode tokens = signedIn(createUser("rplogout"), "openid");

		URI location = logout(Map.of("id_token_hint", tokens.get("id_token").asString(), "post_logout_redirect_uri",
				APP_SIGNED_OUT, "state", "bye-1"))
			.expectStatus().isSeeOther()
			.expectBody().isEmpty()
			.getResponseHeaders().getLocation();

		assertThat(location.toString()).isEqualTo(APP_SIGNED_OUT + "?state=bye-1");
		refresh(tokens.get("refresh_token").asString(), "app").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_logout");
		assertThat(timelineReasons(tokens)).containsExactly("created", "revoked_logout");
	}

	@Test
	void logoutWhenPostedWithoutRedirectThenSignedOutPage() {
		JsonNode tokens = signedIn(createUser("postlogout"), "openid");

		this.http.post().uri("/oauth2/logout").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("id_token_hint", tokens.get("id_token").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist("Location")
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

		refresh(tokens.get("refresh_token").asString(), "app").expectStatus().isBadRequest();
	}

	@Test
	void logoutWhenRedirectUnregisteredOrHintForgedOrClientDiffersThenPageNoRedirectAndSessionKept() {
		JsonNode tokens = signedIn(createUser("badlogout"), "openid");
		String hint = tokens.get("id_token").asString();

		for (Map<String, String> parameters : List.of(
				Map.of("id_token_hint", hint, "post_logout_redirect_uri", "https://evil.example/"),
				Map.of("id_token_hint", hint, "post_logout_redirect_uri", APP_SIGNED_OUT + "/"),
				Map.of("id_token_hint", hint, "client_id", "other"),
				Map.of("id_token_hint", hint.substring(0, hint.length() - 4) + "AAAA"),
				Map.of("id_token_hint", tokens.get("access_token").asString()),
				Map.of("post_logout_redirect_uri", APP_SIGNED_OUT))) {
			logout(parameters).expectStatus().isBadRequest()
				.expectHeader().doesNotExist("Location")
				.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
		}

		refreshed(tokens.get("refresh_token").asString(), "app");
	}

	@Test
	void logoutWhenNoHintOrUnknownClientThenNothingIsSaidToBeSignedOut() {
		String page = logout(Map.of()).expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("Nothing signed out").doesNotContain("You are signed out");

		logout(Map.of("client_id", "nope")).expectStatus().isBadRequest()
			.expectHeader().doesNotExist("Location");
		logout(Map.of("client_id", "app", "state", "s".repeat(1001))).expectStatus().isBadRequest()
			.expectHeader().doesNotExist("Location");
	}

	private JsonNode signedIn(String user, String scope) {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		return flow.exchange(flow.code(scope, user, PASSWORD), Map.of())
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private WebTestClient.ResponseSpec logout(Map<String, String> parameters) {
		return this.http.get().uri((builder) -> {
			builder.path("/oauth2/logout");
			parameters.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
			return builder.build(parameters);
		}).exchange();
	}

	private JsonNode document(String path) {
		return this.http.get().uri(path).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private static List<String> strings(JsonNode document, String field) {
		return document.get(field).valueStream().map(JsonNode::asString).toList();
	}

	private static String idTokenSubject(JsonNode tokens) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(tokens.get("id_token").asString()).getJWTClaimsSet().getSubject();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.gatehouse.gateway.auth;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.support.GatewayIntegrationTest;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/** The happy paths and policies through the real gateway to a real upstream. */
class AuthenticationIntegrationTests extends GatewayIntegrationTest {

	@Test
	void requestWhenValidTokenThenUpstreamGetsIdentityHeaders() {
		String token = token().subject("user-1").sessionId("session-1").scope("api read").roles("admin").build();

		get("/api/resource", token).expectStatus().isOk();

		RecordingUpstream.Received received = upstream.received().get(0);
		assertThat(received.headers().get("X-Auth-Subject")).isEqualTo("user-1");
		assertThat(received.headers().get("X-Auth-Session")).isEqualTo("session-1");
		assertThat(received.headers().get("X-Auth-Client")).isEqualTo("web");
		assertThat(received.headers().get("X-Auth-Scopes")).isEqualTo("api read");
		assertThat(received.headers().get("X-Auth-Roles")).isEqualTo("admin");
		assertThat(received.headers().get("Authorization")).isEqualTo("Bearer " + token);
	}

	@Test
	void requestWhenClientSendsXAuthHeadersThenStrippedOnProtectedAndPublicRoutes() {
		String token = token().subject("real-user").build();

		this.http.get().uri("/api/x").headers((headers) -> {
			headers.setBearerAuth(token);
			headers.set("X-Auth-Subject", "attacker");
			headers.set("x-auth-roles", "admin");
			headers.set("X-AUTH-Whatever", "1");
		}).exchange().expectStatus().isOk();
		this.http.get().uri("/public/x").headers((headers) -> {
			headers.set("X-Auth-Subject", "attacker");
			headers.set("X-Auth-Session", "forged");
		}).exchange().expectStatus().isOk();

		RecordingUpstream.Received protectedCall = upstream.received().get(0);
		assertThat(protectedCall.headers().getAll("X-Auth-Subject")).containsExactly("real-user");
		assertThat(protectedCall.headers().getAll("X-Auth-Roles")).containsExactly("");
		assertThat(protectedCall.headers().contains("X-Auth-Whatever")).isFalse();
		RecordingUpstream.Received publicCall = upstream.received().get(1);
		assertThat(publicCall.headers().names().stream().filter((name) -> name.toLowerCase().startsWith("x-auth-")))
			.isEmpty();
	}

	@Test
	void requestWhenXAuthHeadersSpeltWithUnderscoresThenStrippedOnProtectedAndPublicRoutes() {
		String token = token().subject("real-user").roles("user").build();

		this.http.get().uri("/api/x").headers((headers) -> {
			headers.setBearerAuth(token);
			forgeUnderscoredIdentity(headers);
		}).exchange().expectStatus().isOk();
		this.http.get().uri("/public/x").headers(AuthenticationIntegrationTests::forgeUnderscoredIdentity)
			.exchange().expectStatus().isOk();

		assertThat(upstream.received()).hasSize(2);
		RecordingUpstream.Received protectedCall = upstream.received().get(0);
		assertThat(identityLike(protectedCall)).containsExactlyInAnyOrder("X-Auth-Subject", "X-Auth-Session",
				"X-Auth-Client", "X-Auth-Scopes", "X-Auth-Roles");
		assertThat(protectedCall.headers().getAll("X-Auth-Roles")).containsExactly("user");
		assertThat(identityLike(upstream.received().get(1))).isEmpty();
	}

	private static void forgeUnderscoredIdentity(org.springframework.http.HttpHeaders headers) {
		headers.set("X_Auth_Roles", "admin");
		headers.set("x_auth-user", "attacker");
		headers.set("X-AUTH_ROLES", "superuser");
		headers.set("x_AUTH_Subject", "attacker");
	}

	/** Every header name a CGI/WSGI/PHP upstream would read as HTTP_X_AUTH_*. */
	private static java.util.List<String> identityLike(RecordingUpstream.Received received) {
		return received.headers().names().stream()
			.filter((name) -> name.replace('_', '-').toLowerCase(java.util.Locale.ROOT).startsWith("x-auth-"))
			.toList();
	}

	@Test
	void requestWhenNoTokenOnProtectedRouteThen401WithBareChallenge() {
		get("/api/resource", null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenOnlyBasicCredentialsOnProtectedRouteThen401WithBareChallenge() {
		for (String credentials : new String[] { "Basic YWxpY2U6c2VjcmV0", "Digest username=\"alice\"", "Negotiate abc" }) {
			this.http.get().uri("/api/resource").header("Authorization", credentials).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		}
		this.http.get().uri("/api/resource").header("Authorization", "Basic YWxpY2U6c2VjcmV0, Bearer " + token().build())
			.exchange().expectStatus().isBadRequest();
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenRouteUnknownThenClosedNotOpen() {
		get("/nowhere", null).expectStatus().isNotFound();
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenScopeMissingThen403InsufficientScopeWithScopeAttribute() {
		get("/scoped/x", token().scope("api read").build()).expectStatus()
			.isForbidden()
			.expectHeader()
			.valueMatches("WWW-Authenticate", ".*error=\"insufficient_scope\".*scope=\"read write\".*")
			.expectBody()
			.jsonPath("$.error").isEqualTo("insufficient_scope");
		assertThat(upstream.received()).isEmpty();

		get("/scoped/x", token().scope("read write").build()).expectStatus().isOk();
	}

	@Test
	void requestWhenRoleMissingThen403() {
		get("/admin-only/x", token().roles("user").build()).expectStatus().isForbidden();
		get("/admin-only/x", token().roles("admin").build()).expectStatus().isOk();
		assertThat(upstream.received()).hasSize(1);
	}

	@Test
	void requestWhenRouteSaysSoThenAuthorizationNotForwarded() {
		get("/no-forward/x", token().build()).expectStatus().isOk();

		assertThat(upstream.received().get(0).headers().contains("Authorization")).isFalse();
		assertThat(upstream.received().get(0).headers().get("X-Auth-Subject")).isNotBlank();
	}

	@Test
	void requestWhenTokenInQueryStringThen400AndNeverAccepted() {
		String token = token().build();

		this.http.get().uri("/api/x?access_token=" + token).exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenTwoDifferentTokensThen400() {
		this.http.get().uri("/api/x").headers((headers) -> {
			headers.add("Authorization", "Bearer " + token().build());
			headers.add("Authorization", "Bearer " + token().build());
		}).exchange().expectStatus().isBadRequest();
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenSchemeInOtherCaseOrTokenPaddedThenTheSameTokenIsRead() {
		String token = token().subject("padded").build();

		for (String header : new String[] { "bearer " + token, "BEARER " + token, "Bearer   " + token + "  ",
				"Bearer " + token + ", Bearer " + token }) {
			this.http.get().uri("/api/x").header("Authorization", header).exchange().expectStatus().isOk();
		}
		this.http.get().uri("/api/x").header("Authorization", "Bearer " + token + ", Bearer " + token().build())
			.exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		this.http.get().uri("/api/x").header("Authorization", "Bearer ").exchange().expectStatus().isBadRequest();

		assertThat(upstream.received()).hasSize(4)
			.allSatisfy((received) -> assertThat(received.headers().get("X-Auth-Subject")).isEqualTo("padded"));
	}

	@Test
	void requestWhenSameValidTokenManyTimesThenAcceptedEachTime() {
		String token = token().build();
		for (int i = 0; i < 5; i++) {
			get("/api/x", token).expectStatus().isOk();
		}
		assertThat(upstream.received()).hasSize(5);
	}

	@Test
	void requestWhenEcSignedTokenThenAccepted() {
		get("/api/x", TestTokens.accessToken().signedWith(EC_KEY).build()).expectStatus().isOk();
	}

}

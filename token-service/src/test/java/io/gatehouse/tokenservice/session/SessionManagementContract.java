package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logout, "your devices", logout everywhere, password change, admin revocation and RFC 7009
 * revocation, each checked through the refresh the client would try next and through the
 * timeline, whose reason must be the code the client received.
 */
abstract class SessionManagementContract extends TokenServiceIntegrationTest {

	@Test
	void logoutWhenCalledThenRefreshFailsWithRevokedLogoutAndTimelineSaysSo() {
		String user = createUser("logout");
		JsonNode login = login(user, PASSWORD, "web");

		withToken(this.http.post().uri("/auth/logout"), login).exchange().expectStatus().isNoContent();

		expectInvalidGrant(login.get("refresh_token").asString(), "revoked_logout");
		assertThat(reasons(user, login)).containsExactly("created", "revoked_logout");
		withToken(this.http.get().uri("/auth/sessions"), login).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error=\"invalid_token\".*");
	}

	@Test
	void bearerEndpointsWhenTokenIsForAnotherAudienceThenWrongAudienceAndNothingEnds() {
		String user = createUser("audience");
		JsonNode internal = loginAsServiceClient(user, PASSWORD);

		expectWrongAudience(withToken(this.http.get().uri("/auth/sessions"), internal));
		expectWrongAudience(withToken(this.http.delete().uri("/auth/sessions"), internal));
		expectWrongAudience(withToken(this.http.post().uri("/auth/logout"), internal));
		// Still a valid token for the API it was issued for: introspection (RFC 7662) leaves aud to that API.
		this.http.post().uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + internal.get("access_token").asString())
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.active").isEqualTo(true);

		JsonNode web = login(user, PASSWORD, "web");
		JsonNode sessions = withToken(this.http.get().uri("/auth/sessions"), web).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(sessions.findValuesAsString("id")).contains(internal.get("session_id").asString()).hasSize(2);
	}

	@Test
	void adminEndpointsWhenAdminTokenIsForAnotherAudienceThenWrongAudienceAndNothingCreated() {
		JsonNode internalAdmin = loginAsServiceClient(ADMIN, ADMIN_PASSWORD);
		String username = "aud-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> newUser = Map.of("username", username, "password", PASSWORD, "roles", List.of());

		expectWrongAudience(this.http.post().uri("/admin/users")
			.headers((headers) -> headers.setBearerAuth(internalAdmin.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser));

		this.http.post().uri("/admin/users").headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser)
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void bearerEndpointsWhenAccessTokenExpiredThenExpired() {
		JsonNode login = login(createUser("expired"), PASSWORD, "web");

		this.clock.advance(Duration.ofMinutes(20));

		withToken(this.http.get().uri("/auth/sessions"), login).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error_description=\"expired\".*");
	}

	@Test
	void sessionsWhenListedThenOnlyLiveOnesWithCurrentFlag() {
		String user = createUser("devices");
		JsonNode phone = login(user, PASSWORD, "mobile");
		JsonNode laptop = login(user, PASSWORD, "web");
		JsonNode ended = login(user, PASSWORD, "web");
		withToken(this.http.post().uri("/auth/logout"), ended).exchange().expectStatus().isNoContent();

		JsonNode sessions = withToken(this.http.get().uri("/auth/sessions"), laptop).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(sessions).hasSize(2);
		for (JsonNode session : sessions) {
			boolean isLaptop = session.get("id").asString().equals(laptop.get("session_id").asString());
			assertThat(session.get("current").asBoolean()).isEqualTo(isLaptop);
			assertThat(session.get("client_id").asString()).isEqualTo(isLaptop ? "web" : "mobile");
			assertThat(session.has("idle_expires_at") && session.has("absolute_expires_at")
					&& session.has("last_active_at") && session.has("created_at") && session.has("ip_address")
					&& session.has("user_agent")).isTrue();
		}
		assertThat(phone.get("session_id").asString()).isIn(sessions.findValuesAsString("id"));
	}

	@Test
	void deleteSessionWhenOwnThenEndedAndWhenSomeoneElsesThenNotFound() {
		String alice = createUser("alice");
		String bob = createUser("bob");
		JsonNode aliceLaptop = login(alice, PASSWORD, "web");
		JsonNode alicePhone = login(alice, PASSWORD, "mobile");
		JsonNode bobLogin = login(bob, PASSWORD, "web");

		withToken(this.http.delete().uri("/auth/sessions/{id}", aliceLaptop.get("session_id").asString()), bobLogin)
			.exchange().expectStatus().isNotFound();
		withToken(this.http.delete().uri("/auth/sessions/{id}", UUID.randomUUID()), bobLogin)
			.exchange().expectStatus().isNotFound();
		withToken(this.http.get().uri("/auth/sessions/{id}/events", aliceLaptop.get("session_id").asString()), bobLogin)
			.exchange().expectStatus().isNotFound();
		assertThat(refreshed(aliceLaptop.get("refresh_token").asString(), "web")).isNotNull();

		withToken(this.http.delete().uri("/auth/sessions/{id}", alicePhone.get("session_id").asString()), aliceLaptop)
			.exchange().expectStatus().isNoContent();
		expectInvalidGrant(alicePhone.get("refresh_token").asString(), "mobile", "revoked_logout");
	}

	@Test
	void deleteAllSessionsWhenCalledThenEverySessionEndsWithLogoutAll() {
		String user = createUser("everywhere");
		JsonNode first = login(user, PASSWORD, "web");
		JsonNode second = login(user, PASSWORD, "mobile");

		withToken(this.http.delete().uri("/auth/sessions"), first).exchange().expectStatus().isNoContent();

		expectInvalidGrant(first.get("refresh_token").asString(), "revoked_logout_all");
		expectInvalidGrant(second.get("refresh_token").asString(), "mobile", "revoked_logout_all");
		assertThat(reasons(user, second)).containsExactly("created", "revoked_logout_all");
	}

	@Test
	void passwordChangeWhenCurrentPasswordRightThenEverySessionEndsAndCallerGetsNewSession() {
		String user = createUser("pw");
		JsonNode current = login(user, PASSWORD, "web");
		JsonNode other = login(user, PASSWORD, "mobile");

		this.http.post().uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(current.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", "wrong-password-x", "new_password", "a-brand-new-passphrase-2"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().doesNotExist("WWW-Authenticate")
			.expectBody().jsonPath("$.error").isEqualTo("invalid_current_password");
		JsonNode renewed = this.http.post().uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(current.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", PASSWORD, "new_password", "a-brand-new-passphrase-2"))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(renewed.get("session_id").asString()).isNotEqualTo(current.get("session_id").asString());
		assertThat(renewed.get("token_type").asString()).isEqualTo("Bearer");
		expectInvalidGrant(other.get("refresh_token").asString(), "mobile", "revoked_password_change");
		expectInvalidGrant(current.get("refresh_token").asString(), "revoked_password_change");
		assertThat(reasons(user, other)).containsExactly("created", "revoked_password_change");
		assertThat(reasons(user, current)).containsExactly("created", "password_change_failed", "password_changed",
				"revoked_password_change");
		assertThat(reasons(user, renewed)).containsExactly("created");
		assertThat(refreshed(renewed.get("refresh_token").asString(), "web")).isNotNull();
		withToken(this.http.get().uri("/auth/sessions"), renewed).exchange().expectStatus().isOk();
		login(user, "a-brand-new-passphrase-2", "web");
	}

	@Test
	void adminRevokeWhenCalledThenUsersSessionsEndWithRevokedAdmin() {
		String user = createUser("victim");
		JsonNode login = login(user, PASSWORD, "web");
		JsonNode plainUser = login(createUser("not-admin"), PASSWORD, "web");

		withToken(this.http.delete().uri("/admin/users/{u}/sessions", user), plainUser).exchange()
			.expectStatus().isForbidden();
		JsonNode listed = this.http.get().uri("/admin/users/{u}/sessions", user)
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(listed.findValuesAsString("id")).containsExactly(login.get("session_id").asString());

		this.http.delete().uri("/admin/users/{u}/sessions", user)
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.exchange().expectStatus().isNoContent();

		expectInvalidGrant(login.get("refresh_token").asString(), "revoked_admin");
		assertThat(reasons(user, login)).containsExactly("created", "revoked_admin");
	}

	@Test
	void ownTimelineWhenReadThenEveryEventWithTimeUserClientIpAndReason() throws Exception {
		String user = createUser("timeline");
		JsonNode login = login(user, PASSWORD, "web");
		JsonNode rotated = refreshed(login.get("refresh_token").asString(), "web");

		JsonNode events = withToken(this.http.get().uri("/auth/sessions/{id}/events", login.get("session_id").asString()),
				rotated).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(events.findValuesAsString("reason")).containsExactly("created", "refreshed");
		String subject = com.nimbusds.jwt.SignedJWT.parse(login.get("access_token").asString()).getJWTClaimsSet().getSubject();
		for (JsonNode event : events) {
			assertThat(event.get("user_id").asString()).isEqualTo(subject);
			assertThat(event.get("client_id").asString()).isEqualTo("web");
			assertThat(event.get("ip_address").asString()).isNotBlank();
			assertThat(event.get("occurred_at").asString()).isNotBlank();
		}
	}

	@Test
	void revokeWhenRefreshTokenThenSessionEndsAndUnknownTokensStillGet200() {
		String user = createUser("rfc7009");
		JsonNode login = login(user, PASSWORD, "web");

		revoke(login.get("refresh_token").asString(), "web");
		revoke(login.get("refresh_token").asString(), "web");
		revoke("B".repeat(43), "web");
		revoke("not-even-a-token", "web");

		expectInvalidGrant(login.get("refresh_token").asString(), "revoked_logout");
		this.http.post().uri("/oauth2/revoke")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("token", "x").with("client_id", "nobody"))
			.exchange().expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_client");
	}

	@Test
	void revokeWhenTokenOfAnotherClientThenNothingChanges() {
		String user = createUser("other-revoke");
		JsonNode login = login(user, PASSWORD, "web");

		revoke(login.get("refresh_token").asString(), "mobile");

		assertThat(refreshed(login.get("refresh_token").asString(), "web")).isNotNull();
	}

	private void revoke(String token, String clientId) {
		this.http.post().uri("/oauth2/revoke")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("token", token).with("client_id", clientId))
			.exchange()
			.expectStatus().isOk();
	}

	private void expectInvalidGrant(String token, String reason) {
		expectInvalidGrant(token, "web", reason);
	}

	private void expectInvalidGrant(String token, String clientId, String reason) {
		refresh(token, clientId).expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error").isEqualTo("invalid_grant")
			.jsonPath("$.error_description").isEqualTo(reason);
	}

	private List<String> reasons(String user, JsonNode login) {
		return SessionTimeline.reasons(adminTimeline(user), login.get("session_id").asString());
	}

	private static void expectWrongAudience(WebTestClient.RequestHeadersSpec<?> request) {
		request.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate",
					"Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"wrong_audience\"")
			.expectBody().jsonPath("$.error_description").isEqualTo("wrong_audience");
	}

}

package io.gatehouse.tokenservice.login;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Login and user administration, on PostgreSQL and on the embedded store. */
abstract class LoginContract extends TokenServiceIntegrationTest {

	@Test
	void loginWhenCredentialsRightThenTokensSessionAndNoStore() {
		String user = createUser("login");

		JsonNode body = post(Map.of("username", user, "password", PASSWORD, "client_id", "web")).expectStatus()
			.isOk()
			.expectHeader().cacheControl(CacheControl.noStore())
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").asLong()).isEqualTo(900);
		assertThat(body.get("refresh_token").asString()).hasSizeGreaterThanOrEqualTo(43);
		assertThat(body.get("refresh_token_expires_in").asLong()).isBetween(43_000L, 43_200L);
		assertThat(body.get("session_id").asString()).hasSize(36);
		assertThat(body.get("access_token").asString().split("\\.")).hasSize(3);
	}

	@Test
	void loginWhenWrongPasswordOrUnknownUserThenSameInvalidCredentials() {
		String user = createUser("wrong");

		String wrongPassword = post(Map.of("username", user, "password", "not-the-password", "client_id", "web"))
			.expectStatus().isUnauthorized()
			.expectBody(String.class).returnResult().getResponseBody();
		String unknownUser = post(Map.of("username", "nobody-" + user, "password", "not-the-password", "client_id", "web"))
			.expectStatus().isUnauthorized()
			.expectBody(String.class).returnResult().getResponseBody();

		assertThat(wrongPassword).isEqualTo(unknownUser).contains("\"error\":\"invalid_credentials\"");
	}

	@Test
	void loginWhenItFailsThenRecordedForSupportWithAddressAndClientAndNeverThePassword() {
		String user = createUser("failing");
		this.http.post()
			.uri("/auth/login")
			.header("User-Agent", "tired-user/1.0")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", "a-mistyped-password", "client_id", "mobile"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		post(Map.of("username", "nobody-" + user, "password", "another-mistyped-password", "client_id", "web"))
			.expectStatus().isUnauthorized();
		login(user, PASSWORD, "web");

		JsonNode failures = adminRead("/admin/users/{username}/failed-logins", user);

		assertThat(failures).hasSize(1);
		JsonNode failure = failures.get(0);
		assertThat(failure.get("reason").asString()).isEqualTo("wrong_password");
		assertThat(failure.get("client_id").asString()).isEqualTo("mobile");
		assertThat(failure.get("ip_address").asString()).isNotBlank();
		assertThat(failure.get("user_agent").asString()).isEqualTo("tired-user/1.0");
		assertThat(failure.get("occurred_at").asString()).isNotBlank();
		assertThat(failures.toString()).doesNotContain("mistyped");
	}

	/**
	 * Review finding: a NUL character in the username (JSON escape, so it passes the strict UTF-8 reading
	 * and the gateway's limiter) reaches PostgreSQL, which refuses it: 500 server_error, through the
	 * gateway too. No username with a control character can exist (creation allows letters, digits and
	 * . _ @ + -), so the answer should be the ordinary 401 (or 400 invalid_request), never a 500.
	 */
	@Test
	void loginWhenUsernameContainsNulThenNoServerError() {
		post(Map.of("username", "adm\u0000in", "password", "not-the-password", "client_id", "web"))
			.expectStatus().value((status) -> assertThat(status).as("status").isIn(400, 401))
			.expectBody().jsonPath("$.error").value((error) -> assertThat(error).isNotEqualTo("server_error"));
	}

	@Test
	void loginWhenUnknownClientThenInvalidClient() {
		post(Map.of("username", "x", "password", "y", "client_id", "nope")).expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_client");
	}

	@Test
	void loginWhenMalformedMissingOrOversizedThenInvalidRequestWithoutStackTrace() {
		expectInvalidRequest(raw("{\"username\":", MediaType.APPLICATION_JSON));
		expectInvalidRequest(post(Map.of("username", "only-a-name")));
		raw("{\"username\":\"" + "x".repeat(40_000) + "\"}", MediaType.APPLICATION_JSON).expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		expectInvalidRequest(raw("username=a&password=b", MediaType.APPLICATION_FORM_URLENCODED));
	}

	@Test
	void createUserWhenAdminThen201AndDuplicate409AndWeakPassword400() {
		String name = "new-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		JsonNode created = admin(Map.of("username", name, "password", PASSWORD, "roles", List.of("auditor")))
			.expectStatus().isCreated()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(created.get("username").asString()).isEqualTo(name);
		assertThat(created.toString()).doesNotContain("argon2").doesNotContain("password");

		admin(Map.of("username", name, "password", PASSWORD, "roles", List.of())).expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").isEqualTo("username_taken");
		admin(Map.of("username", name + "x", "password", "short", "roles", List.of())).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		admin(Map.of("username", name + "y", "password", "", "roles", List.of())).expectStatus().isBadRequest();
	}

	@Test
	void createUserWhenNotAdminOrNoTokenThenRefused() {
		String user = createUser("plain");
		String token = login(user, PASSWORD, "web").get("access_token").asString();

		this.http.post().uri("/admin/users").headers((h) -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "x1234", "password", PASSWORD)).exchange().expectStatus().isForbidden();
		this.http.post().uri("/admin/users").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "x1234", "password", PASSWORD)).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		this.http.post().uri("/admin/users").headers((h) -> h.setBearerAuth("garbage")).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "x1234", "password", PASSWORD)).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error=\"invalid_token\".*");
	}

	@Test
	void signupWhenNotEnabledThenForbidden() {
		this.http.post().uri("/auth/signup").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "selfmade", "password", PASSWORD)).exchange().expectStatus().isForbidden();
	}

	/** Usernames are found by their key (NFKC, lower case): the gateway's limiter counts the same key. */
	@Test
	void loginWhenUsernameDiffersOnlyInCaseOrWidthThenThatUserUnderTheNameAsCreated() {
		String user = createUser("Exact");

		for (String spelling : new String[] { user.toUpperCase(Locale.ROOT), user.toLowerCase(Locale.ROOT), fullwidth(user) }) {
			JsonNode login = post(Map.of("username", spelling, "password", PASSWORD, "client_id", "web")).expectStatus()
				.isOk()
				.expectBody(JsonNode.class).returnResult().getResponseBody();
			assertThat(SessionTimeline.claim(login, "preferred_username")).as(spelling).isEqualTo(user);
		}
		post(Map.of("username", " " + user, "password", PASSWORD, "client_id", "web")).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenWrongPasswordUnderAnotherCaseThenSameAnswerAsUnknownUser() {
		String user = createUser("fold");

		String wrongPassword = post(Map.of("username", user.toUpperCase(Locale.ROOT), "password", "not-the-password",
				"client_id", "web"))
			.expectStatus().isUnauthorized()
			.expectBody(String.class).returnResult().getResponseBody();
		String unknownUser = post(Map.of("username", "NOBODY-" + user, "password", "not-the-password", "client_id", "web"))
			.expectStatus().isUnauthorized()
			.expectBody(String.class).returnResult().getResponseBody();

		assertThat(wrongPassword).isEqualTo(unknownUser);
		assertThat(adminRead("/admin/users/{username}/failed-logins", user)).hasSize(1);
	}

	@Test
	void createUserWhenNameDiffersFromAnExistingOneOnlyInCaseOrWidthThen409UsernameTaken() {
		String name = "Dana-" + UUID.randomUUID().toString().substring(0, 8);
		admin(Map.of("username", name, "password", PASSWORD, "roles", List.of())).expectStatus().isCreated();

		for (String spelling : new String[] { name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT), fullwidth(name) }) {
			admin(Map.of("username", spelling, "password", PASSWORD, "roles", List.of())).expectStatus().isEqualTo(409)
				.expectBody().jsonPath("$.error").isEqualTo("username_taken");
		}
	}

	@Test
	void createUserWhenFullwidthThenStoredInItsAsciiFormCaseKept() {
		String name = "Erin-" + UUID.randomUUID().toString().substring(0, 8);

		admin(Map.of("username", fullwidth(name), "password", PASSWORD, "roles", List.of())).expectStatus().isCreated()
			.expectBody().jsonPath("$.username").isEqualTo(name);
		admin(Map.of("username", "\u0130van-" + name, "password", PASSWORD, "roles", List.of())).expectStatus().isBadRequest();
	}

	@Test
	void adminLookupWhenUsernameInAnotherCaseThenThatUser() {
		String user = createUser("Lookup");
		login(user, PASSWORD, "web");

		assertThat(adminRead("/admin/users/{username}/sessions", user.toUpperCase(Locale.ROOT))).hasSize(1);
	}

	/** {@code text} with every printable ASCII character as its fullwidth form (U+FF01..U+FF5E). */
	private static String fullwidth(String text) {
		StringBuilder out = new StringBuilder();
		text.chars().forEach((c) -> out.append((c > 0x20 && c < 0x7F) ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return out.toString();
	}

	@Test
	void loginWhenFieldMissingThenErrorNamesItAsTheClientWroteIt() {
		this.http.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"someone\",\"password\":\"a-long-password-1\",\"client_id\":\"\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").value((description) -> assertThat((String) description)
				.contains("client_id").doesNotContain("clientId"));
	}

	private void expectInvalidRequest(WebTestClient.ResponseSpec response) {
		String body = response.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).contains("\"error\":\"invalid_request\"").contains("error_description")
			.doesNotContain("Exception").doesNotContain("at io.");
	}

	private WebTestClient.ResponseSpec post(Map<String, ?> body) {
		return this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec raw(String body, MediaType type) {
		return this.http.post().uri("/auth/login").contentType(type).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec admin(Map<String, ?> body) {
		return this.http.post().uri("/admin/users").headers((h) -> h.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

}

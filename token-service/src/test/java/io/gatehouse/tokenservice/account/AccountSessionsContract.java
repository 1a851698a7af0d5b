package io.gatehouse.tokenservice.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.HtmlUtils;

import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account API and pages (issue 18): live sessions with their device and which limit ends them,
 * recently ended sessions with the reason and its parameters (who ended them, the timeout that
 * passed), a session's timeline, the administrator's equivalents (audited), and the bounds of their
 * input: another user's or an unknown session is 404, a malformed id 400.
 */
abstract class AccountSessionsContract extends TokenServiceIntegrationTest {

	static final String LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	static final String PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	static final String ADMIN_CONSOLE = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/130.0.0.0 Safari/537.36 AdminConsole";

	@Test
	void sessionsWhenListedThenDeviceInWordsClientNameAndTheLimitThatEndsThem() {
		String user = createUser("devices");
		JsonNode laptop = loginFrom(user, "web", LAPTOP);

		JsonNode session = get("/auth/sessions", laptop).get(0);

		assertThat(session.at("/device/browser").asString()).isEqualTo("Chrome 131");
		assertThat(session.at("/device/os").asString()).isEqualTo("Windows 10");
		assertThat(session.get("client_name").asString()).isEqualTo("Gatehouse web");
		assertThat(session.get("expires_by").asString()).isEqualTo("idle");
		assertThat(session.get("expires_at").asString()).isEqualTo(session.get("idle_expires_at").asString());
		assertThat(session.get("idle_timeout_seconds").asLong()).isEqualTo(Duration.ofHours(12).toSeconds());
		assertThat(session.get("absolute_lifetime_seconds").asLong()).isEqualTo(Duration.ofDays(7).toSeconds());
		assertThat(session.get("current").asBoolean()).isTrue();
	}

	@Test
	void endedWhenSignedOutFromAnotherDeviceThenRevokedLogoutNamingThatDevice() {
		String user = createUser("ended-other");
		JsonNode laptop = loginFrom(user, "web", LAPTOP);
		JsonNode phone = loginFrom(user, "mobile", PHONE);

		withToken(this.http.delete().uri("/auth/sessions/{id}", phone.get("session_id").asString()), laptop).exchange()
			.expectStatus().isNoContent();

		JsonNode ended = get("/auth/sessions/ended", laptop);
		assertThat(ended).hasSize(1);
		JsonNode entry = ended.get(0);
		assertThat(entry.get("id").asString()).isEqualTo(phone.get("session_id").asString());
		assertThat(entry.get("end_reason").asString()).isEqualTo("revoked_logout");
		assertThat(entry.get("ended_from_session_id").asString()).isEqualTo(laptop.get("session_id").asString());
		assertThat(entry.at("/ended_from_device/browser").asString()).isEqualTo("Chrome 131");
		assertThat(entry.at("/device/os").asString()).isEqualTo("iOS 17");
		assertThat(entry.get("client_name").asString()).isEqualTo("Gatehouse mobile");
		assertThat(entry.get("ended_by_admin").asBoolean()).isFalse();
	}

	@Test
	void endedWhenOwnLogoutThenNoOtherDeviceNamed() {
		String user = createUser("ended-self");
		JsonNode first = loginFrom(user, "web", LAPTOP);
		JsonNode second = loginFrom(user, "web", LAPTOP);
		withToken(this.http.post().uri("/auth/logout"), first).exchange().expectStatus().isNoContent();

		JsonNode entry = get("/auth/sessions/ended", second).get(0);
		assertThat(entry.get("end_reason").asString()).isEqualTo("revoked_logout");
		assertThat(entry.has("ended_from_session_id")).isFalse();
	}

	@Test
	void endedWhenIdleTimeoutPassedThenExpiredIdleAtTheLimitWithTheTimeout() {
		String user = createUser("idle");
		JsonNode idle = loginFrom(user, "web", LAPTOP);
		Instant idleLimit = Instant.parse(get("/auth/sessions", idle).get(0).get("idle_expires_at").asString());
		this.clock.advance(Duration.ofHours(13));
		JsonNode later = loginFrom(user, "web", PHONE);

		JsonNode ended = get("/auth/sessions/ended", later);
		assertThat(ended).hasSize(1);
		assertThat(ended.get(0).get("end_reason").asString()).isEqualTo("expired_idle");
		assertThat(Instant.parse(ended.get(0).get("ended_at").asString())).isEqualTo(idleLimit);
		assertThat(ended.get(0).get("idle_timeout_seconds").asLong()).isEqualTo(Duration.ofHours(12).toSeconds());
		JsonNode timeline = get("/auth/sessions/" + idle.get("session_id").asString() + "/timeline", later);
		assertThat(timeline.at("/end/reason").asString()).isEqualTo("expired_idle");
	}

	@Test
	void timelineWhenRefreshedAndGraceUsedThenRefreshesCollapsedAndEachGraceUseWithItsDevice() {
		String user = createUser("timeline");
		JsonNode login = loginFrom(user, "web", LAPTOP);
		String first = login.get("refresh_token").asString();
		String second = refreshed(first, "web").get("refresh_token").asString();
		this.clock.advance(Duration.ofSeconds(5));
		JsonNode third = refreshed(second, "web");
		this.http.post().uri("/oauth2/token")
			.header(HttpHeaders.USER_AGENT, PHONE)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=refresh_token&client_id=web&refresh_token=" + second)
			.exchange()
			.expectStatus().isOk();

		JsonNode timeline = get("/auth/sessions/" + login.get("session_id").asString() + "/timeline", third);

		assertThat(timeline.at("/created/device/browser").asString()).isEqualTo("Chrome 131");
		assertThat(timeline.at("/refreshes/count").asLong()).isEqualTo(2);
		assertThat(Instant.parse(timeline.at("/refreshes/last_at").asString()))
			.isAfter(Instant.parse(timeline.at("/refreshes/first_at").asString()));
		assertThat(timeline.get("grace_uses")).hasSize(1);
		assertThat(timeline.at("/grace_uses/0/ip_address").asString()).isEqualTo("127.0.0.1");
		assertThat(timeline.at("/grace_uses/0/device/os").asString()).isEqualTo("iOS 17");
		assertThat(timeline.has("end")).isFalse();
	}

	@Test
	void endAllWhenOthersThenEveryOtherSessionEndsAndTheCallerStays() {
		String user = createUser("others");
		JsonNode kept = loginFrom(user, "web", LAPTOP);
		JsonNode other = loginFrom(user, "mobile", PHONE);

		withToken(this.http.delete().uri("/auth/sessions?others=true"), kept).exchange().expectStatus().isNoContent();

		assertThat(get("/auth/sessions", kept).findValuesAsString("id")).containsExactly(kept.get("session_id").asString());
		JsonNode ended = get("/auth/sessions/ended", kept).get(0);
		assertThat(ended.get("id").asString()).isEqualTo(other.get("session_id").asString());
		assertThat(ended.get("end_reason").asString()).isEqualTo("revoked_logout_all");
		assertThat(ended.get("ended_from_session_id").asString()).isEqualTo(kept.get("session_id").asString());
	}

	@Test
	void sessionIdsWhenMalformedThen400AndWhenUnknownOrAnotherUsersThen404() {
		String alice = createUser("alice");
		JsonNode aliceLogin = loginFrom(alice, "web", LAPTOP);
		JsonNode bobLogin = loginFrom(createUser("bob"), "web", LAPTOP);
		String aliceSession = aliceLogin.get("session_id").asString();

		expectError(withToken(this.http.get().uri("/auth/sessions/not-a-session/timeline"), bobLogin), 400,
				"invalid_request");
		expectError(withToken(this.http.get().uri("/auth/sessions/{id}/timeline", UUID.randomUUID()), bobLogin), 404,
				"not_found");
		expectError(withToken(this.http.get().uri("/auth/sessions/{id}/timeline", aliceSession), bobLogin), 404,
				"not_found");
		expectError(withToken(this.http.delete().uri("/auth/sessions/{id}", "1' or '1'='1"), bobLogin), 400,
				"invalid_request");
		expectError(withToken(this.http.delete().uri("/auth/sessions/{id}", aliceSession), bobLogin), 404, "not_found");
		expectError(admin(this.http.delete().uri("/admin/users/{u}/sessions/{id}", alice, "x")), 400, "invalid_request");
		expectError(admin(this.http.delete().uri("/admin/users/{u}/sessions/{id}", alice,
				bobLogin.get("session_id").asString())), 404, "not_found");
		expectError(admin(this.http.get().uri("/admin/users/{u}/sessions/{id}/timeline", alice, UUID.randomUUID())), 404,
				"not_found");
		expectError(withToken(this.http.get().uri("/admin/users/{u}/sessions/ended", alice), bobLogin), 403,
				"insufficient_scope");
		expectError(withToken(this.http.delete().uri("/admin/users/{u}/sessions/{id}", alice, aliceSession), bobLogin),
				403, "insufficient_scope");
		assertThat(get("/auth/sessions", aliceLogin).findValuesAsString("id")).containsExactly(aliceSession);
	}

	@Test
	void adminWhenEndingOneSessionThenRevokedAdminWithTheAdminOnTheEventAndTheActionRecorded() {
		String user = createUser("supported");
		JsonNode ended = loginFrom(user, "web", LAPTOP);
		JsonNode kept = loginFrom(user, "web", PHONE);
		String adminToken = adminAccessToken();
		String sessionId = ended.get("session_id").asString();

		this.http.delete().uri("/admin/users/{u}/sessions/{id}", user, sessionId)
			.headers((headers) -> headers.setBearerAuth(adminToken))
			.exchange()
			.expectStatus().isNoContent();

		refresh(ended.get("refresh_token").asString(), "web").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_admin");
		JsonNode seenByUser = get("/auth/sessions/ended", kept).get(0);
		assertThat(seenByUser.get("end_reason").asString()).isEqualTo("revoked_admin");
		assertThat(seenByUser.get("ended_by_admin").asBoolean()).isTrue();
		JsonNode userTimeline = get("/auth/sessions/" + sessionId + "/timeline", kept);
		assertThat(userTimeline.at("/end/by_admin").asBoolean()).isTrue();
		assertThat(userTimeline.at("/end").has("admin_id")).as("the user is not told which administrator").isFalse();
		JsonNode adminTimeline = adminRead("/admin/users/{username}/sessions/" + sessionId + "/timeline", user);
		String adminId = adminRead("/admin/users?query={username}", ADMIN).at("/users/0/id").asString();
		assertThat(adminTimeline.at("/end/admin_id").asString()).isEqualTo(adminId);
		assertThat(adminRead("/admin/users/{username}/sessions/ended", user).get(0).get("id").asString())
			.isEqualTo(sessionId);
		JsonNode action = adminRead("/admin/actions?limit={username}", "1").at("/actions/0");
		assertThat(action.get("action").asString()).isEqualTo("session_ended");
		assertThat(action.get("actor_username").asString()).isEqualTo(ADMIN);
		assertThat(action.get("target_username").asString()).isEqualTo(user);
		assertThat(action.get("detail").asString()).contains(sessionId);
		assertThat(get("/auth/sessions", kept).findValuesAsString("id")).containsExactly(kept.get("session_id").asString());
	}

	@Test
	void timelineWhenAnAdministratorEndedTheSessionThenTheUserSeesWhenAndThatButNotTheAdministratorsTraces() {
		String user = createUser("traces");
		JsonNode ended = loginFrom(user, "web", LAPTOP);
		JsonNode kept = loginFrom(user, "web", PHONE);
		String adminToken = adminAccessToken();
		String sessionId = ended.get("session_id").asString();

		this.http.delete().uri("/admin/users/{u}/sessions/{id}", user, sessionId)
			.headers((headers) -> headers.setBearerAuth(adminToken))
			.header(HttpHeaders.USER_AGENT, ADMIN_CONSOLE)
			.exchange()
			.expectStatus().isNoContent();

		JsonNode userEnd = get("/auth/sessions/" + sessionId + "/timeline", kept).get("end");
		assertThat(userEnd.get("reason").asString()).isEqualTo("revoked_admin");
		assertThat(userEnd.get("by_admin").asBoolean()).isTrue();
		assertThat(userEnd.has("at")).isTrue();
		assertThat(userEnd.has("ip_address") || userEnd.has("user_agent") || userEnd.has("device")
				|| userEnd.has("detail")).as("the administrator's traces in %s", userEnd).isFalse();
		JsonNode userEvent = last(get("/auth/sessions/" + sessionId + "/events", kept));
		assertThat(userEvent.get("reason").asString()).isEqualTo("revoked_admin");
		assertThat(userEvent.get("by_admin").asBoolean()).isTrue();
		assertThat(userEvent.has("ip_address") || userEvent.has("user_agent") || userEvent.has("detail"))
			.as("the administrator's traces in %s", userEvent).isFalse();
		assertThat(get("/auth/sessions/" + sessionId + "/timeline", kept).at("/created/device/browser").asString())
			.as("the user's own entries keep their device").isEqualTo("Chrome 131");

		JsonNode adminEnd = adminRead("/admin/users/{username}/sessions/" + sessionId + "/timeline", user).get("end");
		assertThat(adminEnd.get("ip_address").asString()).isEqualTo("127.0.0.1");
		assertThat(adminEnd.get("user_agent").asString()).isEqualTo(ADMIN_CONSOLE);
		assertThat(adminEnd.get("detail").asString()).isEqualTo("ended by administrator " + ADMIN);
		assertThat(adminEnd.has("admin_id")).isTrue();
		JsonNode adminEvent = last(adminTimeline(user));
		assertThat(adminEvent.get("reason").asString()).isEqualTo("revoked_admin");
		assertThat(adminEvent.get("user_agent").asString()).isEqualTo(ADMIN_CONSOLE);
		assertThat(adminEvent.get("detail").asString()).isEqualTo("ended by administrator " + ADMIN);
		assertThat(adminEvent.get("by_admin").asBoolean()).isTrue();
	}

	@Test
	void endAllWhenOthersNeitherTrueNorFalseThen400SayingSoAndNothingEnds() {
		JsonNode login = loginFrom(createUser("maybe"), "web", LAPTOP);

		withToken(this.http.delete().uri("/auth/sessions?others=maybe"), login).exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").isEqualTo("others must be true or false");

		assertThat(get("/auth/sessions", login).findValuesAsString("id")).containsExactly(login.get("session_id").asString());
	}

	@Test
	void accountPathsWhenUnknownOrWrongMethodThenTheErrorCarriesThePagesHeaders() {
		JsonNode login = loginFrom(createUser("lost"), "web", LAPTOP);

		for (WebTestClient.RequestHeadersSpec<?> request : List.of(
				withToken(this.http.get().uri("/account/no-such-page"), login),
				withToken(this.http.get().uri("/account/sessions/end-others"), login))) {
			request.exchange()
				.expectStatus().value((status) -> assertThat(status).isIn(404, 405))
				.expectHeader().valueMatches("Content-Security-Policy", "default-src 'none'; .*frame-ancestors 'none'.*")
				.expectHeader().valueEquals("X-Frame-Options", "DENY")
				.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader().valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader().valueEquals("Cache-Control", "no-store");
		}
	}

	@Test
	void accountPageWhenSignedInThenSessionsInWordsWithTheLoginPagesHeaders() {
		String user = createUser("page");
		JsonNode laptop = loginFrom(user, "web", LAPTOP);
		JsonNode phone = loginFrom(user, "mobile", PHONE);
		withToken(this.http.post().uri("/auth/logout"), phone).exchange().expectStatus().isNoContent();

		String page = withToken(this.http.get().uri("/account/"), laptop).header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueMatches("Content-Security-Policy", "default-src 'none'; style-src 'self'; .*")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader().valueEquals("Cache-Control", "no-store")
			.expectBody(String.class).returnResult().getResponseBody();

		assertThat(page).contains("Signed in as " + user)
			.contains("Chrome 131 on Windows 10")
			.contains("This device")
			.contains("In 12 hours unless you use it — idle timeout of Gatehouse web (12 hours)")
			.contains("Safari 17 on iOS 17")
			.contains("You signed out.")
			.doesNotContain("<script");
	}

	@Test
	void supportPageWhenNotAdminThen403Page() {
		JsonNode login = loginFrom(createUser("nosupport"), "web", LAPTOP);

		withToken(this.http.get().uri("/account/admin?username=root-admin"), login).exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).value((body) -> assertThat(body).contains("This page is for administrators"));
	}

	@Test
	void supportPageWhenTheUserHasEveryKindOfSessionThenEverySentenceIsAboutTheUserAndTheirOwnPageSaysYou() {
		String user = createUser("third");
		String newPassword = "Correct-horse-" + UUID.randomUUID();
		loginFrom(user, PASSWORD, "web", LAPTOP);
		this.clock.advance(Duration.ofHours(13));
		JsonNode changedFrom = loginFrom(user, PASSWORD, "web", LAPTOP);
		loginFrom(user, PASSWORD, "mobile", PHONE);
		JsonNode renewed = this.http.post().uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(changedFrom.get("access_token").asString()))
			.header(HttpHeaders.USER_AGENT, LAPTOP)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", PASSWORD, "new_password", newPassword))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode signedOut = loginFrom(user, newPassword, "mobile", PHONE);
		withToken(this.http.post().uri("/auth/logout"), signedOut).exchange().expectStatus().isNoContent();
		JsonNode endedFromLaptop = loginFrom(user, newPassword, "mobile", PHONE);
		withToken(this.http.delete().uri("/auth/sessions/{id}", endedFromLaptop.get("session_id").asString()), renewed)
			.exchange().expectStatus().isNoContent();
		JsonNode byAdmin = loginFrom(user, newPassword, "mobile", PHONE);
		admin(this.http.delete().uri("/admin/users/{u}/sessions/{id}", user, byAdmin.get("session_id").asString()))
			.exchange().expectStatus().isNoContent();
		loginFrom(user, newPassword, "mobile", PHONE);
		withToken(this.http.delete().uri("/auth/sessions?others=true"), renewed).exchange().expectStatus().isNoContent();
		loginFrom(user, newPassword, "mobile", PHONE);

		String support = text(admin(this.http.get().uri("/account/admin?username={u}", user)).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());

		assertThat(support).contains("unless " + user + " uses it — idle timeout of Gatehouse mobile")
			.contains(user + " was signed out after 12 hours without activity (idle timeout of Gatehouse web).")
			.contains("Ended when " + user + "'s password was changed.")
			.contains(user + " signed out.")
			.contains(user + " signed it out from another device (Chrome 131 on Windows 10).")
			.contains("Ended by an administrator.")
			.contains(user + " signed out everywhere else from another device (Chrome 131 on Windows 10).");
		assertThat(AccountRowsTests.SECOND_PERSON.matcher(support).results().map((found) -> found.group()).toList())
			.as("the second person in the support view of %s:%n%s", user, support).isEmpty();
		String own = text(withToken(this.http.get().uri("/account/"), renewed).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody());
		assertThat(own).contains("unless you use it")
			.contains("Ended when your password was changed.")
			.contains("You signed out.")
			.doesNotContain(user + " signed out");

		String nobody = createUser("nobody");
		assertThat(text(admin(this.http.get().uri("/account/admin?username={u}", nobody)).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody()))
			.contains(nobody + " is not signed in anywhere.")
			.contains("No session of " + nobody + " has ended recently.")
			.doesNotContain("You ");
	}

	@Test
	void supportPageWhenTheUsernameCannotBeOneThen400WithTheFormAndAMessage() {
		for (String wanted : List.of("a".repeat(101), "\u0000", "al\nice")) {
			String page = admin(this.http.get().uri("/account/admin?username={u}", wanted)).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectHeader().valueEquals("Cache-Control", "no-store")
				.expectBody(String.class).returnResult().getResponseBody();

			assertThat(page).as("the page for %s", wanted)
				.contains("<title>Support: sessions of a user</title>")
				.contains("name=\"username\"")
				.contains("That is not a valid username: a username has at most 100 characters and no control characters.")
				.contains("Back to the account page")
				.doesNotContain("invalid_request");
		}
		admin(this.http.get().uri("/account/admin?username={u}", "no-such-user")).exchange()
			.expectStatus().isNotFound()
			.expectBody(String.class).value((page) -> assertThat(page).contains("No user is called no-such-user."));
	}

	/** A page's text as a reader sees it: no tags, entities decoded, spaces collapsed. */
	private static String text(String html) {
		return HtmlUtils.htmlUnescape(html.replaceAll("(?s)<head>.*</head>", "").replaceAll("<[^>]+>", " "))
			.replaceAll("\\s+", " ");
	}

	private JsonNode loginFrom(String username, String clientId, String userAgent) {
		return loginFrom(username, PASSWORD, clientId, userAgent);
	}

	private JsonNode loginFrom(String username, String password, String clientId, String userAgent) {
		return this.http.post().uri("/auth/login")
			.header(HttpHeaders.USER_AGENT, userAgent)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", clientId))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private static JsonNode last(JsonNode events) {
		return events.get(events.size() - 1);
	}

	private JsonNode get(String path, JsonNode login) {
		return withToken(this.http.get().uri(path), login).exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private WebTestClient.RequestHeadersSpec<?> admin(WebTestClient.RequestHeadersSpec<?> request) {
		String token = adminAccessToken();
		return request.headers((headers) -> headers.setBearerAuth(token));
	}

	private static void expectError(WebTestClient.RequestHeadersSpec<?> request, int status, String error) {
		request.exchange().expectStatus().isEqualTo(status).expectBody().jsonPath("$.error").isEqualTo(error);
	}

}

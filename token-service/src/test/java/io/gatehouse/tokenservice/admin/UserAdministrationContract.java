package io.gatehouse.tokenservice.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user-administration API on PostgreSQL and on the embedded store: listing and searching,
 * disable and enable, delete, roles, setting a password, each refusal, the revocation feed carrying
 * the ended sessions, and the audit of every action.
 */
abstract class UserAdministrationContract extends TokenServiceIntegrationTest {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Test
	void listWhenQueryIsAPrefixInAnyCaseThenMatchingUsersInKeyOrderPagedByCursor() {
		String tag = "list" + UUID.randomUUID().toString().substring(0, 6);
		List<String> created = new ArrayList<>();
		for (String name : new String[] { "Carol", "alice", "erin", "bobby", "dave" }) {
			created.add(create(tag + "-" + name));
		}
		create("other" + tag);
		create(tag + "x-Bob_x");
		create(tag + "x-bobby");

		JsonNode first = admin(HttpMethod.GET, "/admin/users?query={q}&limit=2", tag.toUpperCase() + "-").expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode second = admin(HttpMethod.GET, "/admin/users?query={q}&limit=2&cursor={c}", tag + "-",
				first.get("next_cursor").asString()).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode last = admin(HttpMethod.GET, "/admin/users?query={q}&limit=2&cursor={c}", tag + "-",
				second.get("next_cursor").asString()).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(names(first)).containsExactly(tag + "-alice", tag + "-bobby");
		assertThat(names(second)).containsExactly(tag + "-Carol", tag + "-dave");
		assertThat(names(last)).containsExactly(tag + "-erin");
		assertThat(last.has("next_cursor")).isFalse();
		assertThat(first.toString()).doesNotContain("argon2").doesNotContain("password");
		assertThat(names(admin(HttpMethod.GET, "/admin/users?query={q}", tag + "x-bob_").expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody())).as("_ is not a wildcard")
			.containsExactly(tag + "x-Bob_x");
		assertThat(admin(HttpMethod.GET, "/admin/users?limit=100000").expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody().get("users").size()).isLessThanOrEqualTo(200);
		admin(HttpMethod.GET, "/admin/users?limit=0").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		admin(HttpMethod.GET, "/admin/users?query={q}", "a b%").expectStatus().isBadRequest();
		assertThat(created).hasSize(5);
	}

	@Test
	void adminEndpointsWhenCallerIsNotAdminThen403InsufficientScopeWithChallenge() {
		String target = create("target");
		String plain = login(create("plain"), PASSWORD, "web").get("access_token").asString();

		for (String[] call : endpoints()) {
			request(HttpMethod.valueOf(call[0]), plain, call[1].replace("{u}", target), call[2])
				.expectStatus().isForbidden()
				.expectHeader().valueMatches("WWW-Authenticate", "Bearer realm=\"gatehouse\", error=\"insufficient_scope\".*")
				.expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");
		}
		request(HttpMethod.GET, null, "/admin/users", null).expectStatus().isUnauthorized()
			.expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		login(target, PASSWORD, "web");
	}

	@Test
	void adminEndpointsWhenUserUnknownThen404Json() {
		String token = adminAccessToken();
		for (String[] call : endpoints()) {
			if (call[1].contains("{u}")) {
				request(HttpMethod.valueOf(call[0]), token, call[1].replace("{u}", "nobody-" + UUID.randomUUID()), call[2])
					.expectStatus().isNotFound()
					.expectBody().jsonPath("$.error").isEqualTo("not_found");
			}
		}
	}

	@Test
	void disableWhenUserHasSessionsThenEachEndsRevokedAdminOnTheFeedAndLoginAndRefreshRefusedUntilEnabled() {
		String user = create("Disabled");
		JsonNode web = login(user, PASSWORD, "web");
		JsonNode mobile = login(user, PASSWORD, "mobile");
		String wrongPassword = loginBody(user, "not-the-password");

		JsonNode disabled = admin(HttpMethod.POST, "/admin/users/{u}/disable", user.toUpperCase()).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(disabled.get("disabled_at").asString()).isNotBlank();
		assertThat(disabled.get("disabled_by").asString()).isEqualTo(SessionTimeline.claim(login(ADMIN, ADMIN_PASSWORD,
				"web"), "sub"));
		refresh(web.get("refresh_token").asString(), "web").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_grant")
			.jsonPath("$.error_description").isEqualTo("revoked_admin");
		assertThat(loginBody(user, PASSWORD)).as("a disabled account answers like a wrong password").isEqualTo(wrongPassword);
		List<String> failures = new ArrayList<>();
		adminRead("/admin/users/{username}/failed-logins", user).forEach((failure) -> failures.add(failure.get("reason").asString()));
		assertThat(failures).containsExactly("wrong_password", "account_disabled");
		assertThat(timelineReasons(web)).endsWith("revoked_admin");
		assertThat(timelineReasons(mobile)).endsWith("revoked_admin");
		Map<String, String> feed = backlog();
		assertThat(feed).containsEntry(web.get("session_id").asString(), "revoked_admin")
			.containsEntry(mobile.get("session_id").asString(), "revoked_admin");

		JsonNode enabled = admin(HttpMethod.POST, "/admin/users/{u}/enable", user).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(enabled.get("disabled_at").isNull()).isTrue();
		login(user, PASSWORD, "web");
		assertThat(actionsOn(user)).containsExactly("created", "disabled", "enabled");
	}

	@Test
	void deleteWhenUserHasSessionsThenTheyEndTheUserIsGoneAndTheAuditStays() {
		String user = create("deleted");
		JsonNode session = login(user, PASSWORD, "web");
		String userId = SessionTimeline.claim(session, "sub");

		admin(HttpMethod.DELETE, "/admin/users/{u}", user).expectStatus().isNoContent();

		refresh(session.get("refresh_token").asString(), "web").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
		assertThat(backlog()).containsEntry(session.get("session_id").asString(), "revoked_admin");
		admin(HttpMethod.GET, "/admin/users/{u}/sessions", user).expectStatus().isNotFound();
		this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", PASSWORD, "client_id", "web"))
			.exchange().expectStatus().isUnauthorized();
		JsonNode deleted = action(user, "deleted");
		assertThat(deleted.get("target_id").asString()).isEqualTo(userId);
		assertThat(deleted.get("actor_username").asString()).isEqualTo(ADMIN);
		assertThat(deleted.get("occurred_at").asString()).isNotBlank();
		assertThat(deleted.get("detail").asString()).isEqualTo("1 sessions ended");
	}

	@Test
	void ownAccountWhenDisabledDeletedOrDemotedThen409AndTheLastEnabledAdminIsKept() {
		admin(HttpMethod.POST, "/admin/users/{u}/disable", ADMIN).expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").isEqualTo("own_account");
		admin(HttpMethod.DELETE, "/admin/users/{u}", ADMIN).expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").isEqualTo("own_account");
		admin(HttpMethod.PUT, "/admin/users/{u}/roles", Map.of("roles", List.of("auditor")), ADMIN).expectStatus()
			.isEqualTo(409).expectBody().jsonPath("$.error").isEqualTo("own_account");

		// The state a concurrent change leaves behind: the caller still has a live admin token, but in the
		// store every admin but one is disabled, the caller too (as when two admins act at once). The caller
		// is no longer an enabled admin once the admins are locked, so it is refused, and the last admin stays.
		String caller = create("acting-admin", "admin");
		String last = create("last-admin", "admin");
		String token = login(caller, PASSWORD, "web").get("access_token").asString();
		List<String> others = this.db.sql("select username_key from users where disabled_at is null and roles like '%admin%'")
			.map((row) -> row.get("username_key", String.class)).all().collectList().block(Duration.ofSeconds(20));
		others.remove(last);
		setDisabledInStore(others, true);
		try {
			for (String[] call : new String[][] { { "POST", "/admin/users/{u}/disable", null },
					{ "DELETE", "/admin/users/{u}", null }, { "PUT", "/admin/users/{u}/roles", "{\"roles\":[]}" } }) {
				request(HttpMethod.valueOf(call[0]), token, call[1].replace("{u}", last), call[2]).expectStatus()
					.isForbidden()
					.expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");
			}
		}
		finally {
			setDisabledInStore(others, false);
		}
		login(last, PASSWORD, "web");
	}

	@Test
	void rolesWhenReplacedThenValidatedRemovalEndsSessionsAndAudited() {
		String user = create("roles", "auditor");
		JsonNode session = login(user, PASSWORD, "web");

		for (String body : new String[] { "{\"roles\":[\"Admin\"]}", "{\"roles\":[\"a b\"]}", "{\"roles\":null}",
				"{\"roles\":[null]}", "{\"roles\":\"admin\"}", "{}" }) {
			request(HttpMethod.PUT, adminAccessToken(), "/admin/users/" + user + "/roles", body).expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		}
		String many = String.join(",", java.util.stream.IntStream.range(0, 21).mapToObj((i) -> "\"r" + i + "\"").toList());
		request(HttpMethod.PUT, adminAccessToken(), "/admin/users/" + user + "/roles", "{\"roles\":[" + many + "]}")
			.expectStatus().isBadRequest();

		admin(HttpMethod.PUT, "/admin/users/{u}/roles", Map.of("roles", List.of("auditor", "support")), user).expectStatus()
			.isOk().expectBody().jsonPath("$.roles[1]").isEqualTo("support");
		withToken(this.http.get().uri("/auth/sessions"), session).exchange().expectStatus().isOk();

		admin(HttpMethod.PUT, "/admin/users/{u}/roles", Map.of("roles", List.of("support")), user).expectStatus().isOk()
			.expectBody().jsonPath("$.roles.length()").isEqualTo(1).jsonPath("$.roles[0]").isEqualTo("support");
		refresh(session.get("refresh_token").asString(), "web").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_admin");
		login(user, PASSWORD, "web");
		assertThat(action(user, "roles_changed").get("detail").asString()).isEqualTo("[auditor support] -> [support]");
	}

	@Test
	void passwordWhenSetThenPolicyAppliesEverySessionEndsAndOnlyTheNewOneLogsIn() {
		String user = create("pw-user");
		JsonNode session = login(user, PASSWORD, "web");

		admin(HttpMethod.POST, "/admin/users/{u}/password", Map.of("password", "short"), user).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		admin(HttpMethod.POST, "/admin/users/{u}/password", Map.of("password", "x".repeat(200)), user).expectStatus()
			.isBadRequest();
		refreshed(session.get("refresh_token").asString(), "web");
		admin(HttpMethod.POST, "/admin/users/{u}/password", Map.of("password", "an-admin-chosen-passphrase"), user)
			.expectStatus().isNoContent();

		assertThat(timelineReasons(session)).endsWith("revoked_admin");
		this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", PASSWORD, "client_id", "web"))
			.exchange().expectStatus().isUnauthorized();
		login(user, "an-admin-chosen-passphrase", "web");
		assertThat(action(user, "password_set").toString()).doesNotContain("an-admin-chosen-passphrase");
	}

	@Test
	void endAllSessionsWhenAdminThenRevokedAdminAndAudited() {
		String user = create("ended");
		JsonNode session = login(user, PASSWORD, "web");

		admin(HttpMethod.DELETE, "/admin/users/{u}/sessions", user).expectStatus().isNoContent();

		assertThat(timelineReasons(session)).endsWith("revoked_admin");
		assertThat(action(user, "sessions_ended").get("detail").asString()).isEqualTo("1 sessions ended");
		admin(HttpMethod.GET, "/admin/actions?cursor=x").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
	}

	private static String[][] endpoints() {
		return new String[][] { { "GET", "/admin/users", null }, { "GET", "/admin/actions", null },
				{ "POST", "/admin/users", "{\"username\":\"x-new\",\"password\":\"" + PASSWORD + "\",\"roles\":[]}" },
				{ "POST", "/admin/users/{u}/disable", null }, { "POST", "/admin/users/{u}/enable", null },
				{ "DELETE", "/admin/users/{u}", null }, { "PUT", "/admin/users/{u}/roles", "{\"roles\":[\"x\"]}" },
				{ "POST", "/admin/users/{u}/password", "{\"password\":\"another-long-passphrase\"}" },
				{ "DELETE", "/admin/users/{u}/sessions", null }, { "GET", "/admin/users/{u}/sessions", null },
				{ "GET", "/admin/users/{u}/events", null }, { "GET", "/admin/users/{u}/failed-logins", null } };
	}

	/** Creates {@code name} (unique per test class: each test method names its own users). */
	private String create(String name, String... roles) {
		this.http.post().uri("/admin/users").headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", name, "password", PASSWORD, "roles", List.of(roles)))
			.exchange().expectStatus().isCreated();
		return name;
	}

	private WebTestClient.ResponseSpec admin(HttpMethod method, String uri, Object... variables) {
		Object body = (variables.length > 0 && variables[0] instanceof Map) ? variables[0] : null;
		Object[] rest = (body != null) ? java.util.Arrays.copyOfRange(variables, 1, variables.length) : variables;
		WebTestClient.RequestBodySpec request = this.http.method(method).uri(uri, rest)
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	private WebTestClient.ResponseSpec request(HttpMethod method, String token, String uri, String json) {
		WebTestClient.RequestBodySpec request = this.http.method(method).uri(uri).headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		});
		return (json != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
				: request.exchange();
	}

	private String loginBody(String username, String password) {
		return this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", "web"))
			.exchange().expectStatus().isUnauthorized()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private void setDisabledInStore(List<String> keys, boolean disabled) {
		for (String key : keys) {
			this.db.sql("update users set disabled_at = " + (disabled ? "current_timestamp" : "null")
					+ " where username_key = :key").bind("key", key).fetch().rowsUpdated().block(Duration.ofSeconds(20));
		}
	}

	private static List<String> names(JsonNode page) {
		List<String> names = new ArrayList<>();
		page.get("users").forEach((user) -> names.add(user.get("username").asString()));
		return names;
	}

	/** The actions recorded on {@code username} (by its name then), oldest first. */
	private List<String> actionsOn(String username) {
		List<String> found = new ArrayList<>();
		allActions().forEach((action) -> {
			if (action.get("target_username").asString().equals(username)) {
				found.add(0, action.get("action").asString());
			}
		});
		return found;
	}

	private JsonNode action(String username, String action) {
		for (JsonNode recorded : allActions()) {
			if (recorded.get("target_username").asString().equals(username) && recorded.get("action").asString().equals(action)) {
				assertThat(recorded.get("actor_id").asString()).hasSize(36);
				return recorded;
			}
		}
		throw new AssertionError("no " + action + " recorded on " + username);
	}

	/** Every recorded action, newest first, read page by page. */
	private List<JsonNode> allActions() {
		List<JsonNode> all = new ArrayList<>();
		String cursor = null;
		for (int page = 0; page < 100; page++) {
			JsonNode body = admin(HttpMethod.GET, (cursor != null) ? "/admin/actions?limit=200&cursor=" + cursor
					: "/admin/actions?limit=200").expectStatus().isOk()
				.expectBody(JsonNode.class).returnResult().getResponseBody();
			body.get("actions").forEach(all::add);
			if (!body.has("next_cursor")) {
				return all;
			}
			cursor = body.get("next_cursor").asString();
		}
		throw new AssertionError("more than 100 pages of admin actions");
	}

	/** The revocation feed's backlog as a gateway reads it: session id to reason. */
	@SuppressWarnings("unchecked")
	private Map<String, String> backlog() {
		Map<String, String> reasons = new HashMap<>();
		WebClient.create("http://127.0.0.1:" + this.port).get().uri("/oauth2/revocations")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.retrieve()
			.bodyToFlux(EVENT)
			.filter((event) -> event.event() != null)
			.takeUntil((event) -> "caught-up".equals(event.event()))
			.filter((event) -> "revocations".equals(event.event()))
			.doOnNext((event) -> ((List<Map<String, Object>>) event.data().get("revocations"))
				.forEach((revocation) -> reasons.put(String.valueOf(revocation.get("sid")),
						String.valueOf(revocation.get("reason")))))
			.blockLast(Duration.ofSeconds(30));
		return reasons;
	}

}

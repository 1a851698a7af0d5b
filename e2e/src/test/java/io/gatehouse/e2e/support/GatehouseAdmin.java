package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token service's admin API as the bootstrap administrator (who logs in with the first-party
 * JSON login once and keeps the access token): create users, end a user's sessions (an
 * administrator's revocation, {@code revoked_admin}), and read a user's session timeline, in which
 * every refresh is an entry ({@code refreshed}, or {@code reuse_grace_used} for a predecessor
 * presented within the grace), so the tests count refreshes where the token service records them.
 */
public final class GatehouseAdmin {

	/** The timeline entries that are one refresh each: a rotation, or a grace sibling minted for a racing refresh. */
	public static final Set<String> REFRESH_EVENTS = Set.of("refreshed", "reuse_grace_used");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String tokenServiceUrl;

	private final String username;

	private final String password;

	private String accessToken;

	private long loggedInAt;

	GatehouseAdmin(String tokenServiceUrl, String username, String password) {
		this.tokenServiceUrl = tokenServiceUrl;
		this.username = username;
		this.password = password;
	}

	/** Creates a user without roles with a generated strong password, which it returns. */
	public String createUser(String newUsername) {
		return createUser(newUsername, List.of());
	}

	/** Creates a user with these roles and a generated strong password, which it returns. */
	public String createUser(String newUsername, List<String> roles) {
		String newPassword = "Sign-in-" + UUID.randomUUID();
		call("POST", "/admin/users", Map.of("username", newUsername, "password", newPassword, "roles", roles), 201);
		return newPassword;
	}

	/** The newest administrator actions ({@code GET /admin/actions}), newest first. */
	public JsonNode actions() {
		return call("GET", "/admin/actions?limit=20", null, 200).get("actions");
	}

	/** Ends every session of {@code user} as an administrator (the token service records {@code revoked_admin}). */
	public void endAllSessions(String user) {
		call("DELETE", "/admin/users/" + encode(user) + "/sessions", null, 204);
	}

	/** Every timeline entry of every session of {@code user}, oldest first. */
	public JsonNode events(String user) {
		return call("GET", "/admin/users/" + encode(user) + "/events", null, 200);
	}

	/** How many refreshes session {@code sessionId} of {@code user} has had, by its timeline. */
	public int refreshCount(String user, String sessionId) {
		return (int) events(user).valueStream()
			.filter((event) -> sessionId.equals(event.path("session_id").asString(null)))
			.filter((event) -> REFRESH_EVENTS.contains(event.path("reason").asString("")))
			.count();
	}

	/** The reasons of session {@code sessionId}'s timeline entries, oldest first. */
	public List<String> reasons(String user, String sessionId) {
		return events(user).valueStream()
			.filter((event) -> sessionId.equals(event.path("session_id").asString(null)))
			.map((event) -> event.path("reason").asString(""))
			.toList();
	}

	private JsonNode call(String method, String path, Object body, int expectedStatus) {
		return send(method, path, body, accessToken(), expectedStatus);
	}

	private synchronized String accessToken() {
		// The web client's access tokens live 15 minutes: log in again well before.
		if (this.accessToken == null || System.nanoTime() - this.loggedInAt > Duration.ofMinutes(10).toNanos()) {
			this.loggedInAt = System.nanoTime();
			this.accessToken = send("POST", "/auth/login",
					Map.of("username", this.username, "password", this.password, "client_id", "web"), null, 200)
				.get("access_token")
				.asString();
		}
		return this.accessToken;
	}

	private JsonNode send(String method, String path, Object body, String bearer, int expectedStatus) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.tokenServiceUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

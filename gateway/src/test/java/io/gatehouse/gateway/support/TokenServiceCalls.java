package io.gatehouse.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Calls made straight to a real {@link TokenServiceProcess}, bypassing any gateway: create users,
 * log in, refresh, and every way of ending a session.
 */
public final class TokenServiceCalls {

	private final WebTestClient http;

	public TokenServiceCalls(TokenServiceProcess tokenService) {
		this.http = WebTestClient.bindToServer().baseUrl(tokenService.url()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	/** A new user with a unique name; returns the name. The password is {@code password}. */
	public String newUser(String password) {
		String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
		String admin = login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD).accessToken();
		this.http.post().uri("/admin/users").headers((h) -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "roles", List.of("user")))
			.exchange()
			.expectStatus().isCreated();
		return username;
	}

	public Login login(String username, String password) {
		JsonNode body = this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return new Login(body.get("access_token").asString(), body.get("refresh_token").asString(),
				body.get("session_id").asString());
	}

	/** Presents a refresh token; returns the status and, on success, the new refresh token. */
	public Refresh refresh(String refreshToken) {
		var result = this.http.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=refresh_token&client_id=web&refresh_token=" + refreshToken)
			.exchange()
			.expectBody(JsonNode.class).returnResult();
		JsonNode body = result.getResponseBody();
		String next = (body != null && body.has("refresh_token")) ? body.get("refresh_token").asString() : null;
		String error = (body != null && body.has("error_description")) ? body.get("error_description").asString() : null;
		return new Refresh(result.getStatus().value(), next, error);
	}

	public void logout(String accessToken) {
		this.http.post().uri("/auth/logout").headers((h) -> h.setBearerAuth(accessToken)).exchange()
			.expectStatus().isNoContent();
	}

	/** Changes the password; every session of the user ends and the caller gets the returned new one. */
	public Login changePassword(String accessToken, String current, String next) {
		JsonNode body = this.http.post().uri("/auth/password").headers((h) -> h.setBearerAuth(accessToken))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", current, "new_password", next))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return new Login(body.get("access_token").asString(), body.get("refresh_token").asString(),
				body.get("session_id").asString());
	}

	public void adminEndsSessionsOf(String username) {
		String admin = login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD).accessToken();
		this.http.delete().uri("/admin/users/{username}/sessions", username).headers((h) -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus().is2xxSuccessful();
	}

	public record Login(String accessToken, String refreshToken, String sessionId) {
	}

	public record Refresh(int status, String refreshToken, String errorDescription) {
	}

}

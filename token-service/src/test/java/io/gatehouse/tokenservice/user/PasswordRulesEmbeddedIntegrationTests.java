package io.gatehouse.tokenservice.user;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

/**
 * One password rule at every door: signup, admin create, password change and login count code
 * points with the same maximum and answer the same message; weak passwords are refused with a
 * clear 400 wherever a password is set.
 */
class PasswordRulesEmbeddedIntegrationTests extends TokenServiceIntegrationTest {

	private static final String TOO_LONG = "password must be at most 128 characters";

	private static final String TOO_GUESSABLE = "password is too common or too easy to guess";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("password-rules").forEach((key, value) -> registry.add(key, () -> value));
		registry.add("gatehouse.signup.enabled", () -> "true");
	}

	@Test
	void passwordWhenEmojiUpToTheMaximumThenSetAtEveryDoorAndUsedToLogIn() {
		for (int count : new int[] { 64, 65, 128 }) {
			String emoji = PasswordPolicyTests.emoji(count);

			String created = name("admin-made");
			admin(created, emoji).expectStatus().isCreated();
			login(created, emoji, "web");

			String signedUp = name("self-made");
			signup(signedUp, emoji).expectStatus().isCreated();
			login(signedUp, emoji, "web");

			String changer = createUser("changer");
			change(login(changer, PASSWORD, "web"), PASSWORD, emoji).expectStatus().is2xxSuccessful();
			login(changer, emoji, "web");
		}
	}

	@Test
	void passwordWhenOneOverTheMaximumThenRefusedEverywhereWithTheSameMessage() {
		String emoji = PasswordPolicyTests.emoji(129);
		String plain = "xq7-wlp9zk-bn3".repeat(9) + "vtf";

		for (String tooLong : List.of(emoji, plain)) {
			expectError(admin(name("admin-made"), tooLong), TOO_LONG);
			expectError(signup(name("self-made"), tooLong), TOO_LONG);
			JsonNode session = login(createUser("changer"), PASSWORD, "web");
			expectError(change(session, PASSWORD, tooLong), TOO_LONG);
			expectError(change(session, tooLong, "violet-harbour-tangent-47"), TOO_LONG);
			expectError(this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("username", ADMIN, "password", tooLong, "client_id", "web")).exchange(), TOO_LONG);
		}
	}

	@Test
	void passwordWhenCommonThenRefusedWithClearMessageAndStrongPassphraseAccepted() {
		JsonNode session = login(createUser("setter"), PASSWORD, "web");
		for (String common : List.of("qwerty12345", "iloveyou123", "1q2w3e4r5t6y", "password123")) {
			expectError(admin(name("admin-made"), common), TOO_GUESSABLE);
			expectError(signup(name("self-made"), common), TOO_GUESSABLE);
			expectError(change(session, PASSWORD, common), TOO_GUESSABLE);
		}
		for (String shortCommon : List.of("password1", "qwerty123", "iloveyou2")) {
			expectError(signup(name("self-made"), shortCommon), "password must be at least 10 characters");
		}

		String strong = "violet-harbour-tangent-47";
		String user = name("strong");
		signup(user, strong).expectStatus().isCreated();
		login(user, strong, "web");
	}

	private static String name(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private WebTestClient.ResponseSpec admin(String username, String password) {
		return this.http.post().uri("/admin/users")
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "roles", List.of()))
			.exchange();
	}

	private WebTestClient.ResponseSpec signup(String username, String password) {
		return this.http.post().uri("/auth/signup").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password)).exchange();
	}

	private WebTestClient.ResponseSpec change(JsonNode session, String current, String next) {
		return this.http.post().uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(session.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", current, "new_password", next))
			.exchange();
	}

	private static void expectError(WebTestClient.ResponseSpec response, String description) {
		response.expectStatus().isBadRequest().expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").isEqualTo(description);
	}

}

package io.gatehouse.tokenservice.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

/**
 * Inputs the administration API accepts as valid, and bad ones, at their limits (attack review).
 */
class AdminInputsPostgresIntegrationTests extends TokenServiceIntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("admin_inputs").forEach((key, value) -> registry.add(key, () -> value));
	}

	/**
	 * Twenty roles of 40 characters pass validation (and fit {@code users.roles}), but the audit row's
	 * {@code detail} is 300 characters: creating such a user, and later changing or removing its roles
	 * (demoting it), must still work and be recorded rather than fail in the audit insert.
	 */
	@Test
	void rolesWhenTwentyNamesOfFortyCharactersThenUserCreatedAndDemotableAndAudited() {
		List<String> roles = IntStream.range(0, 20)
			.mapToObj((i) -> ("r" + i + "-").concat("x".repeat(40)).substring(0, 40))
			.toList();
		String username = "many-roles-" + UUID.randomUUID().toString().substring(0, 8);

		this.http.post().uri("/admin/users").headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", PASSWORD, "roles", roles))
			.exchange()
			.expectStatus().isCreated();
		this.http.put().uri("/admin/users/{u}/roles", username).headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("roles", List.of()))
			.exchange()
			.expectStatus().isOk();
	}

	/** A {@code limit} that is not a 32-bit number is bad input: 400 {@code invalid_request}, never a 500. */
	@Test
	void listWhenLimitIsNotAnIntThen400InvalidRequest() {
		for (String limit : new String[] { "99999999999", "abc" }) {
			this.http.get().uri("/admin/users?limit=" + limit).headers((headers) -> headers.setBearerAuth(adminAccessToken()))
				.exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		}
	}

	/**
	 * A caller without the admin role is refused first: whatever the query, it learns only 403
	 * {@code insufficient_scope}, not which inputs the admin API would accept.
	 */
	@Test
	void listWhenCallerIsNotAdminAndInputBadThen403NotInputErrors() {
		String plain = login(createUser("plain"), PASSWORD, "web").get("access_token").asString();
		for (String query : new String[] { "limit=0", "query=a%20b", "cursor=%25" }) {
			this.http.get().uri("/admin/users?" + query).headers((headers) -> headers.setBearerAuth(plain))
				.exchange()
				.expectStatus().isForbidden()
				.expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");
		}
	}

}

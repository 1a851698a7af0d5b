package io.gatehouse.tokenservice.authorization;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import io.gatehouse.tokenservice.support.AuthorizationFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack review of the authorization code flow (issue 15), on both stores: behaviours the flow
 * should have and, at the reviewed commit, does not. Each test fails until its finding is fixed.
 */
public abstract class CodeFlowReviewContract extends AuthorizationIntegrationTest {

	private static final String NEW_PASSWORD = "another-long-test-password-9";

	/**
	 * A thief who signed in with a stolen password holds a code; the owner then changes the password,
	 * which ends every session. The code, issued before the change, must not buy a session after it
	 * (as a login racing the change does not, under the user's row lock).
	 */
	@Test
	void exchangeWhenPasswordChangedAfterTheSignInThenInvalidGrantAndNoSession() {
		String victim = createUser("pwchanged");
		AuthorizationFlow thief = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		String code = thief.code("openid", victim, PASSWORD);

		JsonNode owner = login(victim, PASSWORD, "web");
		this.http.post()
			.uri("/auth/password")
			.headers((headers) -> headers.setBearerAuth(owner.get("access_token").asString()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", PASSWORD, "new_password", NEW_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();

		JsonNode answer = thief.exchange(code, Map.of())
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer.has("refresh_token")).as("a session for the code signed in with the old password: %s",
				answer.has("refresh_token") ? "refresh_token issued" : answer).isFalse();
		assertThat(answer.get("error").asString()).isEqualTo("invalid_grant");
	}

	/**
	 * A form whose percent-encoding is malformed is bad input: 400, never a 500 (which also logs a
	 * stack trace per request, for anyone on the internet to trigger through the gateway's
	 * {@code /oauth2/authorize} and {@code /oauth2/logout} routes).
	 */
	@Test
	void formPostWhenPercentEncodingMalformedThenBadRequestNotServerError() {
		Map<String, Integer> statuses = new java.util.TreeMap<>();
		for (String path : new String[] { "/oauth2/authorize", "/oauth2/logout", "/signin" }) {
			statuses.put("POST " + path, this.http.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("client_id=%zz&request=%&id_token_hint=%G0")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value());
		}
		assertThat(statuses).containsOnly(Map.entry("POST /oauth2/authorize", 400), Map.entry("POST /signin", 400),
				Map.entry("POST /oauth2/logout", 400));
	}

}

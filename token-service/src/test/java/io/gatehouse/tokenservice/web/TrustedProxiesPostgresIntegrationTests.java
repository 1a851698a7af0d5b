package io.gatehouse.tokenservice.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default {@code gatehouse.trusted-proxies} (loopback, where this test's client is), the
 * client address in {@code X-Forwarded-For} is what the session and its timeline record: the
 * right-most address that is not a trusted proxy.
 */
class TrustedProxiesPostgresIntegrationTests extends TokenServiceIntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("trustedproxy").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void loginWhenTrustedPeerForwardsClientThenSessionAndTimelineRecordIt() {
		String user = createUser("forwarded");

		JsonNode login = loginFrom(user, "203.0.113.9");

		assertThat(sessionAddress(login)).isEqualTo("203.0.113.9");
		assertThat(timelineAddress(user, login.get("session_id").asString())).isEqualTo("203.0.113.9");
	}

	@Test
	void loginWhenChainHasSpoofedLeftEntriesThenRightMostUntrustedIsTheClient() {
		String user = createUser("chain");

		assertThat(sessionAddress(loginFrom(user, "198.51.100.66, 203.0.113.10"))).isEqualTo("203.0.113.10");
		assertThat(sessionAddress(loginFrom(user, "198.51.100.66, 203.0.113.11, 127.0.0.1"))).isEqualTo("203.0.113.11");
		assertThat(sessionAddress(loginFrom(user, "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
	}

	@Test
	void loginWhenForwardedForIsNotAnAddressThenTrustedPeerIsRecorded() {
		String user = createUser("garbage");

		assertThat(sessionAddress(loginFrom(user, "evil.example.com"))).isEqualTo("127.0.0.1");
	}

	private JsonNode loginFrom(String user, String forwardedFor) {
		return this.http.post().uri("/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user, "password", PASSWORD, "client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	/** The ip_address of the caller's own session in "your devices". */
	String sessionAddress(JsonNode login) {
		JsonNode sessions = this.http.get().uri("/auth/sessions")
			.headers((h) -> h.setBearerAuth(login.get("access_token").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		for (JsonNode session : sessions) {
			if (session.get("id").asString().equals(login.get("session_id").asString())) {
				return session.get("ip_address").asString();
			}
		}
		throw new AssertionError("session not listed: " + sessions);
	}

	String timelineAddress(String user, String sessionId) {
		for (JsonNode event : adminTimeline(user)) {
			if (event.get("session_id").asString().equals(sessionId)) {
				return event.get("ip_address").asString();
			}
		}
		throw new AssertionError("no event for " + sessionId);
	}

}

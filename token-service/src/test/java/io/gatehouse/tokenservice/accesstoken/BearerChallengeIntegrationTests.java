package io.gatehouse.tokenservice.accesstoken;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

/**
 * The bearer endpoints answer a request without bearer credentials — none at all, or only those
 * of another scheme such as {@code Basic} — with RFC 6750 §3's plain challenge: 401 and
 * {@code WWW-Authenticate: Bearer realm="gatehouse"}, never 400, so clients know to authenticate.
 */
class BearerChallengeIntegrationTests extends TokenServiceIntegrationTest {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("bearer_challenge").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void bearerEndpointWhenOnlyBasicCredentialsThen401WithBareChallenge() {
		for (String credentials : new String[] { "Basic c2VydmljZTpzZWNyZXQ=", "Digest username=\"alice\"" }) {
			this.http.get()
				.uri("/auth/sessions")
				.header("Authorization", credentials)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
		}
	}

}

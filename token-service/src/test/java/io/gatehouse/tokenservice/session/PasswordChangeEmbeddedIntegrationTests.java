package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class PasswordChangeEmbeddedIntegrationTests extends PasswordChangeContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("password-change").forEach((key, value) -> registry.add(key, () -> value));
	}

	/**
	 * The embedded H2 store writes each changed row separately and commits slowly: ending takes about
	 * 1 ms per session (8,000: about 9 s, past the store timeout, on a 2-core test host). The same
	 * statements as on PostgreSQL, on 1,000 sessions; {@code max-live-per-user} keeps a user far below.
	 */
	@Override
	int thiefSessions() {
		return 1_000;
	}

}

package io.gatehouse.tokenservice.revocation;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class RevocationFeedPostgresIntegrationTests extends RevocationFeedContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("feed").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Override
	TestDatabase store() {
		return TestDatabase.POSTGRES;
	}

}

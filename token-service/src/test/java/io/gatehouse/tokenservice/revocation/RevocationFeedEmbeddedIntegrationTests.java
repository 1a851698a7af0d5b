package io.gatehouse.tokenservice.revocation;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class RevocationFeedEmbeddedIntegrationTests extends RevocationFeedContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("feed").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Override
	TestDatabase store() {
		return TestDatabase.EMBEDDED;
	}

}

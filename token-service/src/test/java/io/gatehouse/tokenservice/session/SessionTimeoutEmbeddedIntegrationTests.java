package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class SessionTimeoutEmbeddedIntegrationTests extends SessionTimeoutContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("timeouts").forEach((key, value) -> registry.add(key, () -> value));
	}

}

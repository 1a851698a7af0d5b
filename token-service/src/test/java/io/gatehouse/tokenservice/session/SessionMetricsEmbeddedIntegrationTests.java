package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class SessionMetricsEmbeddedIntegrationTests extends SessionMetricsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("metrics").forEach((key, value) -> registry.add(key, () -> value));
	}

}

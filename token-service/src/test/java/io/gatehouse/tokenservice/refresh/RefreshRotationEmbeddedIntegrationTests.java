package io.gatehouse.tokenservice.refresh;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class RefreshRotationEmbeddedIntegrationTests extends RefreshRotationContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("rotation").forEach((key, value) -> registry.add(key, () -> value));
	}

}

package io.gatehouse.tokenservice.refresh;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class RefreshRotationPostgresIntegrationTests extends RefreshRotationContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("rotation").forEach((key, value) -> registry.add(key, () -> value));
	}

}

package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class SessionManagementPostgresIntegrationTests extends SessionManagementContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("sessions").forEach((key, value) -> registry.add(key, () -> value));
	}

}

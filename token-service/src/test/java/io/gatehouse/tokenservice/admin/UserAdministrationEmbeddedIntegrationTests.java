package io.gatehouse.tokenservice.admin;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class UserAdministrationEmbeddedIntegrationTests extends UserAdministrationContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("user_admin").forEach((key, value) -> registry.add(key, () -> value));
	}

}

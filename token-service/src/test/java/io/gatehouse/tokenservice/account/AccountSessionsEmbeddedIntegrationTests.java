package io.gatehouse.tokenservice.account;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class AccountSessionsEmbeddedIntegrationTests extends AccountSessionsContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("account").forEach((key, value) -> registry.add(key, () -> value));
	}

}

package io.gatehouse.tokenservice.login;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class LoginPostgresIntegrationTests extends LoginContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("login").forEach((key, value) -> registry.add(key, () -> value));
	}

}

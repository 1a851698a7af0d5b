package io.gatehouse.tokenservice.login;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class LoginEmbeddedIntegrationTests extends LoginContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("login").forEach((key, value) -> registry.add(key, () -> value));
	}

}

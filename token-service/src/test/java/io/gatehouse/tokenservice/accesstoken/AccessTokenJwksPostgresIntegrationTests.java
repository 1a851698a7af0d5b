package io.gatehouse.tokenservice.accesstoken;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class AccessTokenJwksPostgresIntegrationTests extends AccessTokenJwksContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("jwks").forEach((key, value) -> registry.add(key, () -> value));
	}

}

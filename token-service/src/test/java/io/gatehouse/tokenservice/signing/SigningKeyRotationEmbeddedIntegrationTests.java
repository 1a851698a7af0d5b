package io.gatehouse.tokenservice.signing;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class SigningKeyRotationEmbeddedIntegrationTests extends SigningKeyRotationContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("rotation").forEach((key, value) -> registry.add(key, () -> value));
	}

}

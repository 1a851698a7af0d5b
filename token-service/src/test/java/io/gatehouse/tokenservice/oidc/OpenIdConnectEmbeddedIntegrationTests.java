package io.gatehouse.tokenservice.oidc;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class OpenIdConnectEmbeddedIntegrationTests extends OpenIdConnectContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("oidc").forEach((key, value) -> registry.add(key, () -> value));
	}

}

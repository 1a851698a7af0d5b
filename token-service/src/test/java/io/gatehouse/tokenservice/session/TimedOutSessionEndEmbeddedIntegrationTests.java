package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class TimedOutSessionEndEmbeddedIntegrationTests extends TimedOutSessionEndContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("timedout").forEach((key, value) -> registry.add(key, () -> value));
	}

}

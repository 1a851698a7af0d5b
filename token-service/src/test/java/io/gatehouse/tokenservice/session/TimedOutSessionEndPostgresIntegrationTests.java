package io.gatehouse.tokenservice.session;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class TimedOutSessionEndPostgresIntegrationTests extends TimedOutSessionEndContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("timedout").forEach((key, value) -> registry.add(key, () -> value));
	}

}

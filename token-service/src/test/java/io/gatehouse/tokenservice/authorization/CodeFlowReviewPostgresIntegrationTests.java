package io.gatehouse.tokenservice.authorization;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class CodeFlowReviewPostgresIntegrationTests extends CodeFlowReviewContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("codeflowreview").forEach((key, value) -> registry.add(key, () -> value));
	}

}

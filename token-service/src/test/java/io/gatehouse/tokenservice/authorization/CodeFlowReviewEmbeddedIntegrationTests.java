package io.gatehouse.tokenservice.authorization;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;

class CodeFlowReviewEmbeddedIntegrationTests extends CodeFlowReviewContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("codeflowreview").forEach((key, value) -> registry.add(key, () -> value));
	}

}

package io.gatehouse.tokenservice.refresh;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.testsupport.TcpProxy;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away under a running service (its connections run through a {@link TcpProxy}
 * that the test cuts): the token endpoint answers 503 {@code temporarily_unavailable} with
 * {@code Retry-After}, never {@code invalid_grant}; when the database is back, the same refresh
 * token works — nothing was lost.
 */
class DatabaseOutagePostgresIntegrationTests extends TokenServiceIntegrationTest {

	static final TcpProxy proxy = new TcpProxy(Integer.parseInt(TestDatabase.port()));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("outage").forEach((key, value) -> registry.add(key,
				() -> value.replace(":" + TestDatabase.port() + "/", ":" + proxy.port() + "/")));
		registry.add("gatehouse.sessions.store-timeout", () -> "3s");
		registry.add("spring.r2dbc.pool.max-acquire-time", () -> "2s");
		registry.add("spring.r2dbc.pool.max-create-connection-time", () -> "2s");
	}

	@Autowired
	MeterRegistry meters;

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void refreshWhenDatabaseDownThen503WithRetryAfterAndSessionSurvivesRecovery() {
		String user = createUser("outage");
		JsonNode login = login(user, PASSWORD, "web");
		String token = login.get("refresh_token").asString();

		double unavailable = unavailableRefreshes();
		proxy.cut();
		try {
			for (int i = 0; i < 3; i++) {
				refresh(token, "web").expectStatus().isEqualTo(503)
					.expectHeader().exists("Retry-After")
					.expectBody()
					.jsonPath("$.error").isEqualTo("temporarily_unavailable");
			}
			this.http.post().uri("/auth/login").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(java.util.Map.of("username", user, "password", PASSWORD, "client_id", "web"))
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");
		}
		finally {
			proxy.restore();
		}
		assertThat(unavailableRefreshes()).as("each 503 counted as unavailable, none as rejected")
			.isGreaterThanOrEqualTo(unavailable + 3);

		JsonNode recovered = refreshedWithin(token, Duration.ofSeconds(20));
		assertThat(recovered.get("refresh_token").asString()).isNotEqualTo(token);
		assertThat(refreshed(recovered.get("refresh_token").asString(), "web")).isNotNull();
	}

	private double unavailableRefreshes() {
		return this.meters.find(RefreshMetrics.NAME).tag("client", "web").tag("outcome", "unavailable").counter().count();
	}

	/** The pool may hand out a connection broken by the cut once more; a client retries on 503 as told. */
	private JsonNode refreshedWithin(String token, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			var result = refresh(token, "web").expectBody(JsonNode.class).returnResult();
			if (result.getStatus().value() == 200) {
				return result.getResponseBody();
			}
			assertThat(result.getStatus().value()).as("only 503 is acceptable while recovering").isEqualTo(503);
			assertThat(System.nanoTime()).as("recovered within " + limit).isLessThan(deadline);
		}
	}

}

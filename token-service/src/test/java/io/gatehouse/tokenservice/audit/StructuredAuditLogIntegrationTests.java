package io.gatehouse.tokenservice.audit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's log lines carry the session, user, client, reason and address as key-value
 * pairs, which Spring Boot's structured logging ({@code logging.structured.format.console=ecs},
 * {@code logstash}, {@code gelf}) writes as JSON fields of their own; never a token.
 */
class StructuredAuditLogIntegrationTests extends TokenServiceIntegrationTest {

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditTrail.class);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.EMBEDDED.properties("structured_log").forEach((key, value) -> registry.add(key, () -> value));
	}

	@BeforeEach
	void listen() {
		this.lines.start();
		this.auditLogger.addAppender(this.lines);
	}

	@AfterEach
	void stopListening() {
		this.auditLogger.detachAppender(this.lines);
	}

	@Test
	void sessionCreatedAndEndedThenAuditLinesCarryTheFieldsAsKeyValuePairs() {
		JsonNode login = login(createUser("structured"), PASSWORD, "web");
		String sessionId = login.get("session_id").asString();
		this.http.post()
			.uri("/auth/logout")
			.headers((headers) -> headers.setBearerAuth(login.get("access_token").asString()))
			.exchange()
			.expectStatus()
			.isNoContent();

		List<Map<String, String>> audit = this.lines.list.stream()
			.map(StructuredAuditLogIntegrationTests::fields)
			.filter((fields) -> sessionId.equals(fields.get("session_id")))
			.toList();
		assertThat(audit).extracting((fields) -> fields.get("reason")).containsExactly("created", "revoked_logout");
		assertThat(audit).allSatisfy((fields) -> {
			assertThat(fields.get("user_id")).hasSize(36);
			assertThat(fields.get("client_id")).isEqualTo("web");
			assertThat(fields.get("ip_address")).isNotBlank();
			assertThat(fields.values()).noneMatch((value) -> value.contains(login.get("refresh_token").asString())
					|| value.contains(login.get("access_token").asString()));
		});
	}

	private static Map<String, String> fields(ILoggingEvent event) {
		List<KeyValuePair> pairs = (event.getKeyValuePairs() != null) ? event.getKeyValuePairs() : List.of();
		return pairs.stream().collect(Collectors.toMap((pair) -> pair.key, (pair) -> String.valueOf(pair.value), (a, b) -> b));
	}

}

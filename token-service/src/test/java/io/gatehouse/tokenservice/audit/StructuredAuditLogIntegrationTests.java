package io.gatehouse.tokenservice.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot's structured logging on ({@code logging.structured.format.console=ecs}), every
 * log line is one JSON object and the audit trail's lines carry the session, user, client, reason
 * and address as fields of their own, not only inside the message.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredAuditLogIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void sessionCreatedAndEndedWhenStructuredLoggingThenAuditFieldsAreJsonFields(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("structured_log"));
		properties.put("logging.structured.format.console", "ecs");
		String sessionId;
		try (TokenServiceInstance service = TokenServiceInstance.start(properties)) {
			JsonNode login = service.loginAsAdmin("web");
			sessionId = login.get("session_id").asString();
			service.http().post().uri("/auth/logout")
				.headers((headers) -> headers.setBearerAuth(login.get("access_token").asString()))
				.exchange()
				.expectStatus().isNoContent();
		}

		List<JsonNode> audit = Arrays.stream(output.getOut().split("\n"))
			.filter((line) -> line.startsWith("{") && line.contains(sessionId))
			.map(json::readTree)
			.toList();
		assertThat(audit).extracting((line) -> line.get("reason").asString()).containsExactly("created", "revoked_logout");
		assertThat(audit).allSatisfy((line) -> {
			assertThat(line.get("session_id").asString()).isEqualTo(sessionId);
			assertThat(line.get("user_id").asString()).hasSize(36);
			assertThat(line.get("client_id").asString()).isEqualTo("web");
			assertThat(line.get("ip_address").asString()).isNotBlank();
			assertThat(line.get("log").get("logger").asString()).isEqualTo(AuditTrail.class.getName());
			assertThat(line.toString()).doesNotContain("refresh_token").doesNotContain("eyJ");
		});
	}

}

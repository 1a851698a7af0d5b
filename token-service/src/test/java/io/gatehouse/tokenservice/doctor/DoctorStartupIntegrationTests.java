package io.gatehouse.tokenservice.doctor;

import java.time.Duration;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.Disposables;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.revocation.FeedFollowers;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor in the running service: at startup (a log line per finding; in production mode an
 * error refuses the start with the finding's text) and at {@code /actuator/gatehouse-doctor} on the
 * management port, where it also counts the gateways following the revocation feed.
 */
@ExtendWith(OutputCaptureExtension.class)
class DoctorStartupIntegrationTests {

	private static final String GATEWAY_DEVELOPMENT_SECRET = "gatehouse-dev-gateway-secret";

	@Test
	void startWhenProductionAndAnErrorFindingThenRefusedWithTheFindingsText(CapturedOutput output) {
		Map<String, String> properties = productionReady();
		properties.put("gatehouse.clients.web.refresh-idle-timeout", "5m");

		assertThat(TokenServiceInstance.startupFailureMessages(properties)).anySatisfy((message) -> assertThat(message)
			.contains("client.idle-shorter-than-access-token: Users of client `web` are signed out at their first refresh")
			.contains("Change gatehouse.clients.web.refresh-idle-timeout"));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START").doesNotContain("\tat io.gatehouse");
	}

	@Test
	void startWhenProductionWithoutErrorFindingsThenStarts() {
		try (TokenServiceInstance service = TokenServiceInstance.start(productionReady())) {
			service.http().get().uri("/oauth2/jwks").exchange().expectStatus().isOk();
		}
	}

	@Test
	void startWhenDevelopmentAndAnErrorFindingThenStartsAndLogsIt(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("doctor_dev"));
		properties.put("gatehouse.clients.web.refresh-idle-timeout", "5m");

		try (TokenServiceInstance service = TokenServiceInstance.start(properties)) {
			assertThat(output.getOut()).containsPattern("ERROR .* Doctor: ERROR client.idle-shorter-than-access-token");
			JsonNode report = management(service).get()
				.uri("/actuator/gatehouse-doctor")
				.accept(MediaType.APPLICATION_JSON)
				.exchange()
				.expectStatus().isOk()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
				.expectBody(JsonNode.class).returnResult().getResponseBody();
			assertThat(report.get("findings").findValuesAsString("id")).contains("client.idle-shorter-than-access-token");
			service.http().get().uri("/actuator/gatehouse-doctor").exchange().expectStatus().isNotFound();
		}
	}

	@Test
	void endpointWhenOneGatewayCountsInMemoryAndOneInRedisThenNothingAndWhenASecondCountsInMemoryThenWarns() {
		try (TokenServiceInstance service = TokenServiceInstance.start(TestDatabase.EMBEDDED.properties("doctor_followers"))) {
			Disposable feeds = Disposables.composite(follow(service, "instance=gw-a; limits=memory"),
					follow(service, "instance=gw-b; limits=redis"));
			try {
				awaitFollowers(service, 2);
				assertThat(finding(service)).isEmpty();

				feeds = Disposables.composite(feeds, follow(service, "instance=gw-c; limits=memory"));
				awaitFollowers(service, 3);
				assertThat(finding(service)).isEqualTo("2 gateways (gateway/gw-a, gateway/gw-c) count brute-force limits each in its "
						+ "own memory: a password guesser gets the limit at each of them, and a user locked out at one "
						+ "can still be tried through the others.");
			}
			finally {
				feeds.dispose();
			}
		}
	}

	private static Disposable follow(TokenServiceInstance service, String follower) {
		return WebClient.create("http://127.0.0.1:" + service.port())
			.get()
			.uri("/oauth2/revocations")
			.headers((headers) -> {
				headers.setBasicAuth("gateway", GATEWAY_DEVELOPMENT_SECRET);
				headers.set("Gatehouse-Follower", follower);
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(String.class)
			.subscribe(null, (ex) -> { });
	}

	/** Waits (at most 10 s) until {@code count} gateways follow the feed. */
	private static void awaitFollowers(TokenServiceInstance service, int count) {
		FeedFollowers followers = service.bean(FeedFollowers.class);
		for (int attempt = 0; attempt < 100 && followers.current().size() < count; attempt++) {
			sleep();
		}
		assertThat(followers.current()).hasSize(count);
	}

	private static String finding(TokenServiceInstance service) {
		JsonNode report = management(service).get().uri("/actuator/gatehouse-doctor").exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		for (JsonNode finding : report.get("findings")) {
			if (finding.get("id").asString().equals("replicas.limits-in-memory")) {
				return finding.get("forUsers").asString();
			}
		}
		return "";
	}

	private static WebTestClient management(TokenServiceInstance service) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + service.managementPort())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** PostgreSQL, a key-encryption key and secrets of its own: production mode with nothing to refuse. */
	private static Map<String, String> productionReady() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Map<String, String> properties = new HashMap<>(TestDatabase.POSTGRES.properties("doctor_prod"));
		properties.put("gatehouse.mode", "production");
		properties.put("gatehouse.signing.key-encryption-key", Base64.getEncoder().encodeToString(key));
		properties.put("gatehouse.clients.gateway.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		properties.put("gatehouse.clients.gateway-browser.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		properties.put("gatehouse.clients.server-app.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		return properties;
	}

}

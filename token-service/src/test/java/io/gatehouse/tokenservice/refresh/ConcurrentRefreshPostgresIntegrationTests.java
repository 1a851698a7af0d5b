package io.gatehouse.tokenservice.refresh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.session.SessionRepository;
import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 refreshes of one token fired at once against PostgreSQL: no 5xx, no deadlock, one
 * consistent chain — with a grace window (and a sibling cap of at least 49) every request gets a valid
 * successor (one rotation, the rest grace siblings); without one, exactly one wins and the rest revoke
 * the session.
 */
class ConcurrentRefreshPostgresIntegrationTests extends TokenServiceIntegrationTest {

	private static final int CONCURRENCY = 50;

	@LocalServerPort
	int port;

	@Autowired
	SessionRepository sessions;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("concurrency").forEach((key, value) -> registry.add(key, () -> value));
		// 50 racers of one token are a stress test, not a client: the default cap (5 grace siblings per
		// generation) would rightly end the session. Here the cap lets all of them in to test the race itself.
		registry.add("gatehouse.clients.web.reuse-grace-siblings", () -> Integer.toString(CONCURRENCY));
	}

	@Test
	void refreshWhen50AtOnceWithinGraceThenAllSucceedOnOneChain() {
		String user = createUser("tabs");
		JsonNode login = login(user, PASSWORD, "web");

		List<Answer> answers = fire(login.get("refresh_token").asString(), "web", null);

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
		var session = this.sessions.findById(java.util.UUID.fromString(login.get("session_id").asString())).block();
		assertThat(session.generation()).isEqualTo(2);
		assertThat(session.isEnded()).isFalse();
		List<String> reasons = SessionTimeline.reasons(adminTimeline(user), login.get("session_id").asString());
		assertThat(reasons.stream().filter("refreshed"::equals).count()).isEqualTo(1);
		assertThat(reasons.stream().filter("reuse_grace_used"::equals).count()).isEqualTo(CONCURRENCY - 1);
		String next = refreshed(answers.get(0).refreshToken(), "web").get("refresh_token").asString();
		assertThat(refreshed(next, "web")).isNotNull();
	}

	@Test
	void refreshWhen50AtOnceWithoutGraceThenOneWinsAndReuseRevokesCleanly() {
		String user = createUser("race");
		JsonNode login = loginAsServiceClient(user, PASSWORD);

		List<Answer> answers = fire(login.get("refresh_token").asString(), "service", SERVICE_SECRET);

		Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
		assertThat(byStatus.keySet()).containsOnly(200, 400);
		assertThat(byStatus.get(200)).isEqualTo(1);
		assertThat(answers.stream().filter((a) -> a.status() == 400))
			.allSatisfy((a) -> assertThat(a.body().get("error_description").asString()).isEqualTo("revoked_reuse_detected"));
		var session = this.sessions.findById(java.util.UUID.fromString(login.get("session_id").asString())).block();
		assertThat(session.isEnded()).isTrue();
		assertThat(session.endReason()).isEqualTo("revoked_reuse_detected");
	}

	private List<Answer> fire(String token, String clientId, String secret) {
		WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		return Flux.range(0, CONCURRENCY)
			.flatMap((i) -> client.post().uri("/oauth2/token")
				.headers((headers) -> {
					if (secret != null) {
						headers.setBasicAuth(clientId, secret);
					}
				})
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body((secret != null) ? BodyInserters.fromFormData("grant_type", "refresh_token").with("refresh_token", token)
						: BodyInserters.fromFormData("grant_type", "refresh_token").with("refresh_token", token)
							.with("client_id", clientId))
				.exchangeToMono((response) -> response.bodyToMono(JsonNode.class)
					.map((body) -> new Answer(response.statusCode().value(), body))), CONCURRENCY)
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	record Answer(int status, JsonNode body) {

		String refreshToken() {
			return this.body.get("refresh_token").asString();
		}

	}

}

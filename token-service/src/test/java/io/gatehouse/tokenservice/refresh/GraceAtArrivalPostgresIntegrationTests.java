package io.gatehouse.tokenservice.refresh;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.session.SessionRepository;
import io.gatehouse.tokenservice.support.MutableClock;
import io.gatehouse.tokenservice.support.SimulatedQueue;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reuse grace is measured from the rotation to the request's arrival, not to its decision: a
 * predecessor that arrived within the grace is a race however long the request then queued inside
 * the service ({@link SimulatedQueue} moves the clock between arrival and decision). Client
 * {@code racy} has a 2-second grace, short enough for the transactional path; {@code web} (30 s)
 * first tries the one-statement path.
 */
class GraceAtArrivalPostgresIntegrationTests extends TokenServiceIntegrationTest {

	private static final Duration GRACE = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	SimulatedQueue queue;

	@Autowired
	SessionRepository sessions;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("arrival").forEach((key, value) -> registry.add(key, () -> value));
		registry.add("gatehouse.clients.racy.reuse-grace", () -> "2s");
		registry.add("gatehouse.clients.racy.grant-types", () -> "password_login,refresh_token");
	}

	@Test
	void refreshWhenArrivedWithinGraceButDecidedAfterThenGraceSiblingAndSessionLives() {
		JsonNode login = login(createUser("queued"), PASSWORD, "racy");
		String first = login.get("refresh_token").asString();
		String second = refreshed(first, "racy").get("refresh_token").asString();
		this.clock.advance(GRACE.minusMillis(500));

		JsonNode sibling = refreshDelayed(first, "racy", Duration.ofSeconds(3)).expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		assertThat(sibling.get("refresh_token").asString()).isNotEqualTo(second);
		assertThat(isLive(login)).isTrue();
		assertThat(refreshed(second, "racy").get("refresh_token")).isNotNull();
	}

	@Test
	void refreshWhenArrivedAtTheGracesLastInstantThenGraceAndOneMillisecondLaterReuse() {
		JsonNode edge = login(createUser("edge"), PASSWORD, "racy");
		String first = edge.get("refresh_token").asString();
		refreshed(first, "racy");
		this.clock.advance(GRACE);
		refreshDelayed(first, "racy", Duration.ofSeconds(1)).expectStatus().isOk();

		JsonNode late = login(createUser("late"), PASSWORD, "racy");
		String lateFirst = late.get("refresh_token").asString();
		refreshed(lateFirst, "racy");
		this.clock.advance(GRACE.plusMillis(1));
		refreshDelayed(lateFirst, "racy", Duration.ZERO).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo("revoked_reuse_detected");
		assertThat(isLive(late)).isFalse();
	}

	@Test
	void refreshWhenPredecessorArrivedWithinGraceOnOneStatementClientAndDecidedAfterThenGrace() {
		JsonNode login = login(createUser("fast-path"), PASSWORD, "web");
		String first = login.get("refresh_token").asString();
		refreshed(first, "web");
		this.clock.advance(Duration.ofSeconds(29));

		refreshDelayed(first, "web", Duration.ofSeconds(5)).expectStatus().isOk();

		assertThat(isLive(login)).isTrue();
	}

	@Test
	void refreshWhenCrowdArrivesWithinGraceAndQueuesPastItThenAllSucceedAndSessionLives() throws Exception {
		JsonNode login = login(createUser("crowd"), PASSWORD, "racy");
		String first = login.get("refresh_token").asString();
		refreshed(first, "racy");
		this.clock.advance(Duration.ofMillis(500));
		int crowd = 5;
		this.queue.expect(crowd);
		WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		CompletableFuture<List<Integer>> answers = Flux.range(0, crowd)
			.flatMap((i) -> client.post().uri("/oauth2/token")
				.header(SimulatedQueue.HOLD, "true")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData("grant_type", "refresh_token").with("refresh_token", first)
					.with("client_id", "racy"))
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), crowd)
			.collectList()
			.toFuture();

		assertThat(this.queue.awaitHeld(Duration.ofSeconds(30))).isTrue();
		// Every racer has arrived; the queue now holds them well past the grace before any is decided.
		this.clock.advance(GRACE.multipliedBy(3));
		this.queue.release();

		assertThat(answers.get()).hasSize(crowd).containsOnly(200);
		assertThat(isLive(login)).isTrue();
	}

	private WebTestClient.ResponseSpec refreshDelayed(String token, String clientId, Duration queued) {
		return this.http.post().uri("/oauth2/token")
			.header(SimulatedQueue.DELAY, queued.toString())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "refresh_token").with("refresh_token", token)
				.with("client_id", clientId))
			.exchange();
	}

	private boolean isLive(JsonNode login) {
		return !this.sessions.findById(UUID.fromString(login.get("session_id").asString())).block().isEnded();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Queue {

		@Bean
		SimulatedQueue simulatedQueue(MutableClock clock) {
			return new SimulatedQueue(clock);
		}

	}

}

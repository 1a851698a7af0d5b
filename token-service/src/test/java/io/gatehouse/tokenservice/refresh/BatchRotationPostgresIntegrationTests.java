package io.gatehouse.tokenservice.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;
import io.gatehouse.tokenservice.web.RequestOrigin;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes grouped into one PostgreSQL statement: each request in a batch is matched on its own
 * terms exactly as the single statement would match it, a session advances at most once per
 * statement, and a failing batch costs only the request that made it fail.
 */
class BatchRotationPostgresIntegrationTests extends TokenServiceIntegrationTest {

	private static final RequestOrigin ORIGIN = new RequestOrigin("127.0.0.7", "tests");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("batch_rotation").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	private CurrentTokenRotation rotation;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ConnectionFactory connections;

	@Autowired
	private ClientRegistry clients;

	@Test
	void rotationOnPostgresGroupsConcurrentRefreshes() {
		assertThat(this.rotation).isInstanceOf(BatchingCurrentTokenRotation.class);
	}

	@Test
	void batchWhenMixedRequestsThenOnlyCurrentTokensOfTheirOwnClientRotateEachOnce() {
		JsonNode first = login(createUser("batch-a"), PASSWORD, "web");
		JsonNode second = login(createUser("batch-b"), PASSWORD, "mobile");
		JsonNode consumed = login(createUser("batch-c"), PASSWORD, "web");
		String consumedToken = consumed.get("refresh_token").asString();
		String consumedSuccessor = refreshed(consumedToken, "web").get("refresh_token").asString();
		this.clock.advance(Duration.ofMinutes(3));
		Instant now = this.clock.instant();
		String twice = first.get("refresh_token").asString();
		List<RotationRequest> requests = List.of(request(twice, "web"), request(second.get("refresh_token").asString(), "mobile"),
				request(consumedToken, "web"), request(RefreshTokens.generate(), "web"), request(consumedSuccessor, "mobile"),
				request(twice, "web"));

		Map<Integer, RotationResult.Rotated> rotated = new PostgresBatchRotation(this.db).rotate(requests, now).block();

		// The same token twice (positions 0 and 5): one of them; the mobile one; not the consumed, unknown
		// or other client's tokens.
		assertThat(rotated).hasSize(2).containsKey(1).doesNotContainKeys(2, 3, 4);
		assertThat(rotated.containsKey(0)).isNotEqualTo(rotated.containsKey(5));
		RotationResult.Rotated mobile = rotated.get(1);
		assertThat(mobile.session().id().toString()).isEqualTo(second.get("session_id").asString());
		assertThat(mobile.session().generation()).isEqualTo(2);
		assertThat(mobile.session().lastRefreshedAt()).isEqualTo(now);
		assertThat(mobile.session().idleExpiresAt()).isEqualTo(now.plus(Duration.ofDays(30)));
		assertThat(mobile.refreshToken()).isEqualTo(requests.get(1).successor());
		assertThat(mobile.username()).startsWith("batch-b-");
		assertThat(timelineReasons(first)).containsExactly("created", "refreshed");
		assertThat(timelineReasons(second)).containsExactly("created", "refreshed");
		assertThat(timelineReasons(consumed)).containsExactly("created", "refreshed");
		for (RotationResult.Rotated each : rotated.values()) {
			String clientId = each.session().clientId();
			assertThat(refreshed(each.refreshToken(), clientId).get("refresh_token")).isNotNull();
		}
	}

	@Test
	void rotateWhenManySessionsRefreshAtOnceThenTheyShareStatementsAndEveryChainMovesOn() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CurrentTokenRotation oneAtATime = batching(meters);
		String user = createUser("many");
		List<JsonNode> logins = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			logins.add(login(user, PASSWORD, "web"));
		}
		List<Mono<RotationResult.Rotated>> refreshes = logins.stream()
			.map((login) -> rotate(oneAtATime, login.get("refresh_token").asString(), "web"))
			.toList();

		StepVerifier.create(Flux.merge(refreshes).collectList())
			.assertNext((rotated) -> assertThat(rotated).hasSize(12)
				.allSatisfy((each) -> assertThat(each.session().generation()).isEqualTo(2)))
			.verifyComplete();
		assertThat(meters.summary("gatehouse.refresh.rotation.batch.size").max()).isGreaterThan(1);
		for (JsonNode login : logins) {
			assertThat(timelineReasons(login)).containsExactly("created", "refreshed");
		}
	}

	@Test
	void rotateWhenOneRequestOfABatchFailsThenOnlyThatRequestFails() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CurrentTokenRotation oneAtATime = batching(meters);
		JsonNode first = login(createUser("first"), PASSWORD, "web");
		JsonNode good = login(createUser("good"), PASSWORD, "web");
		JsonNode bad = login(createUser("bad"), PASSWORD, "web");
		// A successor equal to a stored token breaks the primary key: the batch carrying it rolls back.
		String taken = first.get("refresh_token").asString();

		Mono<RotationResult.Rotated> blocker = rotate(oneAtATime, taken, "web");
		Mono<RotationResult.Rotated> goodRefresh = rotate(oneAtATime, good.get("refresh_token").asString(), "web");
		Mono<Object> badRefresh = oneAtATime
			.rotate(RefreshTokens.hash(bad.get("refresh_token").asString()), taken, this.clients.find("web").orElseThrow(), ORIGIN)
			.cast(Object.class)
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just("refused"));

		StepVerifier.create(Flux.merge(blocker.cast(Object.class), goodRefresh.cast(Object.class), badRefresh)
			.collectList())
			.assertNext((results) -> assertThat(results).hasSize(3).contains("refused"))
			.verifyComplete();
		assertThat(meters.summary("gatehouse.refresh.rotation.batch.size").max()).isEqualTo(2);
		assertThat(timelineReasons(good)).containsExactly("created", "refreshed");
		assertThat(timelineReasons(bad)).containsExactly("created");
		assertThat(refreshed(bad.get("refresh_token").asString(), "web").get("refresh_token")).isNotNull();
	}

	@Test
	void rotateWhenRequestGivenUpWhileWaitingThenItIsNeverSent() {
		CurrentTokenRotation oneAtATime = batching(new SimpleMeterRegistry());
		JsonNode running = login(createUser("running"), PASSWORD, "web");
		JsonNode abandoned = login(createUser("abandoned"), PASSWORD, "web");
		// The running statement waits on a row lock held here, so the second request is certainly
		// still queued when it is given up, however slowly this thread runs on a loaded machine.
		Connection lock = Mono.from(this.connections.create()).block(Duration.ofSeconds(10));
		CompletableFuture<RotationResult.Rotated> first;
		try {
			Mono.from(lock.beginTransaction()).block(Duration.ofSeconds(10));
			Flux.from(lock.createStatement("select id from sessions where id = $1 for update")
				.bind("$1", UUID.fromString(running.get("session_id").asString()))
				.execute()).flatMap(Result::getRowsUpdated).blockLast(Duration.ofSeconds(10));
			first = rotate(oneAtATime, running.get("refresh_token").asString(), "web").toFuture();
			rotate(oneAtATime, abandoned.get("refresh_token").asString(), "web").subscribe().dispose();
			assertThat(first).as("the running statement waits for the lock").isNotDone();
		}
		finally {
			Mono.from(lock.commitTransaction()).then(Mono.from(lock.close())).block(Duration.ofSeconds(10));
		}

		assertThat(first).succeedsWithin(Duration.ofSeconds(5))
			.satisfies((rotated) -> assertThat(rotated.session().generation()).isEqualTo(2));
		// The next statement would have carried the abandoned request; a later refresh shows it never ran.
		StepVerifier.create(rotate(oneAtATime, running.get("refresh_token").asString(), "web")).verifyComplete();
		assertThat(timelineReasons(abandoned)).containsExactly("created");
		assertThat(refreshed(abandoned.get("refresh_token").asString(), "web").get("refresh_token")).isNotNull();
	}

	/** At most one statement at a time, so refreshes arriving while it runs are grouped into the next. */
	private BatchingCurrentTokenRotation batching(SimpleMeterRegistry meters) {
		return new BatchingCurrentTokenRotation(new PostgresBatchRotation(this.db), 1, 64, Duration.ofSeconds(5), meters,
				this.clock);
	}

	private Mono<RotationResult.Rotated> rotate(CurrentTokenRotation rotation, String token, String clientId) {
		return rotation.rotate(RefreshTokens.hash(token), RefreshTokens.generate(),
				this.clients.find(clientId).orElseThrow(), ORIGIN);
	}

	private RotationRequest request(String token, String clientId) {
		return new RotationRequest(RefreshTokens.hash(token), RefreshTokens.generate(),
				this.clients.find(clientId).orElseThrow(), ORIGIN);
	}

}

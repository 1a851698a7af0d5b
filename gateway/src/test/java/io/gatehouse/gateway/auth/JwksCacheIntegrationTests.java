package io.gatehouse.gateway.auth;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;
import io.gatehouse.gateway.support.MutableClock;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key cache: a key the token service starts publishing is picked up without a restart, known
 * keys keep working while the token service is down, and a flood of unknown {@code kid}s costs at
 * most one refetch per interval.
 */
@TestPropertySource(properties = "gatehouse.gateway.jwks-min-refetch-interval=3s")
@Import(MutableClock.Configuration.class)
class JwksCacheIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@Test
	void filterWhenTokenServiceRotatesKeyThenNewKeyAcceptedWithoutRestart() {
		get("/api/warm-up", token().build()).expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(4));
		RSAKey rotated = TestKeys.rsa();
		tokenService.publish(rotated);

		get("/api/x", TestTokens.accessToken().signedWith(rotated).build()).expectStatus().isOk();
	}

	@Test
	void filterWhenTokenServiceDownThenKnownKeysStillAccepted() {
		get("/api/warm-up", token().build()).expectStatus().isOk();
		tokenService.stop();
		try {
			get("/api/x", token().subject("fresh-token-" + UUID.randomUUID()).build()).expectStatus().isOk();
			get("/api/x", TestTokens.accessToken().signedWith(EC_KEY).build()).expectStatus().isOk();
			upstream.clear();
			expectRejected(TestTokens.accessToken().signedWith(TestKeys.rsa()).build(), "unknown_key");
		}
		finally {
			tokenService.start();
		}
	}

	@Test
	void filterWhenFloodOfRandomKidsThenAtMostOneRefetchPerInterval() {
		get("/api/warm-up", token().build()).expectStatus().isOk();
		this.clock.advance(Duration.ofSeconds(4));
		int before = tokenService.jwksFetches();
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);

		List<Integer> statuses = Flux.range(0, 200)
			.flatMap((i) -> client.get()
				.uri("/api/x")
				.header("Authorization", "Bearer " + token().kid("random-" + UUID.randomUUID()).build())
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), 32)
			.collectList()
			.block(java.time.Duration.ofSeconds(60));

		assertThat(statuses).containsOnly(401);
		assertThat(tokenService.jwksFetches() - before).isLessThanOrEqualTo(2);
		assertThat(upstream.received()).hasSize(1);
	}

}

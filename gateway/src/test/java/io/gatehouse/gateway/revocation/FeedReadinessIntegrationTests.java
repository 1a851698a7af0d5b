package io.gatehouse.gateway.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.auth.JwksCache;
import io.gatehouse.gateway.support.Eventually;
import io.gatehouse.gateway.support.GatewayInstance;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.StubTokenService;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness waits for the revocation feed only when some route is hybrid: keys from a stub token
 * service, the feed pointed at a loopback port nobody listens on.
 */
class FeedReadinessIntegrationTests {

	static final RSAKey KEY = TestKeys.rsa();

	static final StubTokenService tokenService = new StubTokenService(KEY);

	static final RecordingUpstream upstream = new RecordingUpstream();

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
	}

	@Test
	void readinessWhenAllRoutesStatelessAndFeedUnreachableThenUpAndRoutesServe() {
		try (GatewayInstance gateway = new GatewayInstance(properties("stateless"))) {
			// The keys are fetched in the background right after startup; the feed never answers.
			Eventually.within(Duration.ofSeconds(15), () -> gateway.readiness().returnResult(String.class).getStatus().value() == 200);
			gateway.readiness().expectStatus().isOk().expectBody()
				.jsonPath("$.status").isEqualTo("UP")
				.jsonPath("$.components.revocationFeed.details.required").isEqualTo(false);
			assertThat(gateway.bean(RevocationFeedClient.class).isStarted()).as("feed client started").isFalse();

			gateway.http().get().uri("/api/orders")
				.headers((headers) -> headers.setBearerAuth(TestTokens.accessToken().signedWith(KEY).build()))
				.exchange()
				.expectStatus().isOk();
		}
	}

	@Test
	void readinessWhenSomeRouteHybridAndFeedUnreachableThenOutOfService() {
		try (GatewayInstance gateway = new GatewayInstance(properties("hybrid"))) {
			Eventually.within(Duration.ofSeconds(15), () -> gateway.bean(JwksCache.class).hasKeys());
			gateway.readiness().expectStatus().isEqualTo(503).expectBody()
				.jsonPath("$.status").isEqualTo("OUT_OF_SERVICE")
				.jsonPath("$.components.jwks.status").isEqualTo("UP")
				.jsonPath("$.components.revocationFeed.status").isEqualTo("OUT_OF_SERVICE");
		}
	}

	@Test
	void hybridRouteWhenFeedNeverCaughtUpThen503EvenPastTheDownThreshold() {
		Map<String, String> properties = properties("hybrid");
		properties.put("gatehouse.gateway.revocation-feed.down-threshold", "1s");
		upstream.clear();
		try (GatewayInstance gateway = new GatewayInstance(properties)) {
			Eventually.within(Duration.ofSeconds(15), () -> gateway.bean(JwksCache.class).hasKeys());
			String token = TestTokens.accessToken().signedWith(KEY).build();
			// Within the down threshold and well past it: a gateway that never caught up does not know
			// which sessions ended before it started, so it does not fail open.
			for (int round = 0; round < 2; round++) {
				gateway.http().get().uri("/api/orders").headers((headers) -> headers.setBearerAuth(token)).exchange()
					.expectStatus().isEqualTo(503)
					.expectHeader().exists("Retry-After")
					.expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");
				Eventually.within(Duration.ofSeconds(5),
						() -> gateway.bean(RevocationFeedClient.class).downFor().compareTo(Duration.ofSeconds(2)) > 0);
			}
			assertThat(upstream.received()).as("upstream calls").isEmpty();
		}
	}

	/** One token-protected route {@code /api/**} in {@code mode}; the built-in token-service routes follow the default mode. */
	private static Map<String, String> properties(String mode) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("gatehouse.gateway.token-service-uri", tokenService.url());
		properties.put("gatehouse.gateway.issuer", TestTokens.ISSUER);
		properties.put("gatehouse.gateway.default-mode", "stateless");
		properties.put("gatehouse.gateway.revocation-feed.uri", "http://127.0.0.1:" + closedPort() + "/oauth2/revocations");
		properties.put("gatehouse.gateway.revocation-feed.startup-wait", "2s");
		properties.put("management.endpoint.health.show-details", "always");
		String prefix = "spring.cloud.gateway.server.webflux.routes[0].";
		properties.put(prefix + "id", "api");
		properties.put(prefix + "uri", upstream.url());
		properties.put(prefix + "predicates[0]", "Path=/api/**");
		properties.put(prefix + "metadata.mode", mode);
		return properties;
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package io.gatehouse.gateway.revocation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.auth.ValidatedToken;
import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose feed has never caught up refuses hybrid requests (it cannot know which sessions
 * ended before it started), and a feed not started yet, as for a hybrid route added by a route
 * refresh, is started by the first such request rather than waiting for a readiness probe.
 */
class HybridSessionCheckTests {

	@Test
	void checkWhenFeedNeverStartedThenUnavailableAndTheFeedIsStarted() {
		RevokedSessions revoked = new RevokedSessions(Duration.ofSeconds(30));
		RevocationFeedClient feed = new RevocationFeedClient(WebClient.builder(),
				URI.create("http://127.0.0.1:" + closedPort() + "/oauth2/revocations"), "gateway", "secret",
				new RevocationFeedProperties(true, null, Duration.ofMillis(250), Duration.ofSeconds(5),
						Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10)),
				revoked, JsonMapper.builder().build(), Clock.systemUTC(), new SimpleMeterRegistry());
		HybridSessionCheck check = new HybridSessionCheck(revoked, feed, Duration.ofSeconds(10), new SimpleMeterRegistry());
		ValidatedToken token = new ValidatedToken("user", UUID.randomUUID().toString(), "web", Set.of("api"), List.of(),
				Instant.now().plusSeconds(600), Instant.now().minusSeconds(1));
		RoutePolicy policy = new RoutePolicy(false, Set.of(), Set.of(), true, SessionMode.HYBRID, false);
		try {
			assertThat(feed.isStarted()).isFalse();

			StepVerifier.create(check.check("token", token, policy)).expectError(SessionCheck.UnavailableException.class).verify();
			assertThat(check.clearsAtOnce("token", token, policy)).isFalse();

			assertThat(feed.isStarted()).as("started by the request").isTrue();
		}
		finally {
			feed.stop();
		}
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

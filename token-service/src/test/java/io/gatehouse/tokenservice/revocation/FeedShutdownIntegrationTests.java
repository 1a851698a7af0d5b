package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.SignalType;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that shuts down ends its feed streams at once: graceful shutdown does not wait out its
 * 30 s timeout on a gateway's open feed, and the gateway sees the stream end, so it reconnects to
 * another replica from its cursor.
 */
class FeedShutdownIntegrationTests {

	@Test
	void shutdownWhenGatewayFollowsTheFeedThenStreamEndsAndShutdownDoesNotWaitOnIt() {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("feed_shutdown"));
		properties.put("gatehouse.clients.service.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		TokenServiceInstance service = TokenServiceInstance.start(properties);
		List<String> events = new CopyOnWriteArrayList<>();
		AtomicReference<SignalType> ended = new AtomicReference<>();
		Disposable feed = WebClient.create("http://127.0.0.1:" + service.port())
			.get()
			.uri("/oauth2/revocations")
			.headers((headers) -> headers.setBasicAuth("service", TokenServiceIntegrationTest.SERVICE_SECRET))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.doFinally(ended::set)
			.subscribe((event) -> events.add(String.valueOf(event.event())), (error) -> {
			});
		try {
			within(Duration.ofSeconds(20), () -> events.contains("caught-up"));

			long started = System.nanoTime();
			service.close();
			Duration shutdown = Duration.ofNanos(System.nanoTime() - started);

			assertThat(shutdown).as("shutdown time").isLessThan(Duration.ofSeconds(15));
			within(Duration.ofSeconds(5), () -> ended.get() != null);
		}
		finally {
			feed.dispose();
		}
	}

	/** Waits, at most {@code limit}, for {@code condition}; fails the test if it never holds. */
	private static void within(Duration limit, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within " + limit).isLessThan(deadline);
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}

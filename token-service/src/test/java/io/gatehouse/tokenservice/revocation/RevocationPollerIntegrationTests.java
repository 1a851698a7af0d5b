package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared poller on PostgreSQL: a feed that stops reading is cut off at its buffer; the others keep receiving. */
@TestPropertySource(properties = "gatehouse.revocation-feed.subscriber-buffer=4")
class RevocationPollerIntegrationTests extends TokenServiceIntegrationTest {

	@Autowired
	RevocationPoller poller;

	@Autowired
	SessionRevocationRepository revocations;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("poller").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void pollWhenOneFeedStopsReadingThenItIsEndedAtItsBufferAndTheOthersReceiveEveryRevocation() {
		this.poller.ready().block(Duration.ofSeconds(20));
		List<UUID> fast = new CopyOnWriteArrayList<>();
		Disposable reading = this.poller.subscribe().subscribe((page) -> page.forEach((row) -> fast.add(row.sessionId())));
		AtomicReference<Throwable> slowEnded = new AtomicReference<>();
		this.poller.subscribe().subscribe(new BaseSubscriber<List<SessionRevocation>>() {

			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				// never requests: a gateway whose connection stalled
			}

			@Override
			protected void hookOnError(Throwable failure) {
				slowEnded.set(failure);
			}

		});
		try {
			for (int i = 0; i < 20; i++) {
				UUID sid = UUID.randomUUID();
				Instant now = this.clock.instant();
				this.revocations.append(sid, "revoked_logout", now, now.plus(Duration.ofMinutes(15))).block(Duration.ofSeconds(10));
				// one row per poll, so each is a page of its own
				Mono.fromSupplier(() -> fast.contains(sid))
					.filter(Boolean::booleanValue)
					.repeatWhenEmpty(100, (ticks) -> ticks.delayElements(Duration.ofMillis(50)))
					.block(Duration.ofSeconds(10));
			}

			assertThat(fast).hasSize(20);
			assertThat(slowEnded.get()).isInstanceOf(RevocationPoller.SlowSubscriberException.class);
			assertThat(this.poller.subscriberCount()).isEqualTo(1);
		}
		finally {
			reading.dispose();
		}
	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two token-service replicas on one PostgreSQL store: they give the feed the same store
 * incarnation (the second one's start moves the shared id sequence, not the incarnation), so a
 * gateway that moves from one to the other resumes where it was, without reading the backlog again.
 */
class RevocationFeedReplicasPostgresIntegrationTests {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	@Test
	void feedWhenGatewayMovesBetweenReplicasOfOneStoreThenSameIncarnationAndNoBacklogReadAgain() {
		Map<String, String> store = new HashMap<>(TestDatabase.POSTGRES.properties("feed_replicas"));
		store.put("gatehouse.clients.service.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		store.put("gatehouse.revocation-feed.gap-timeout", "1ms");
		try (TokenServiceInstance first = TokenServiceInstance.start(store)) {
			UUID early = append(first);
			try (TokenServiceInstance second = TokenServiceInstance.start(store)) {
				List<ServerSentEvent<String>> onFirst = new CopyOnWriteArrayList<>();
				Disposable following = feed(first, null).subscribe(onFirst::add);
				String cursor;
				try {
					awaitFirst(() -> onFirst.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
					UUID written = append(second);
					cursor = awaitFirst(() -> onFirst.stream().filter((e) -> carries(e, written)).findFirst()).id();
				}
				finally {
					following.dispose();
				}
				String firstIncarnation = incarnationOf(cursor);
				String secondIncarnation = incarnationOf(feed(second, null).filter((e) -> "caught-up".equals(e.event()))
					.blockFirst(Duration.ofSeconds(20))
					.id());

				List<ServerSentEvent<String>> onSecond = new CopyOnWriteArrayList<>();
				Disposable resumed = feed(second, cursor).subscribe(onSecond::add);
				try {
					awaitFirst(() -> onSecond.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
					UUID later = append(first);
					awaitFirst(() -> onSecond.stream().filter((e) -> carries(e, later)).findFirst());

					assertThat(firstIncarnation).as("the first replica's incarnation, in %s", cursor)
						.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
					assertThat(secondIncarnation).as("the second replica's incarnation").isEqualTo(firstIncarnation);
					assertThat(onSecond.stream().takeWhile((e) -> !"caught-up".equals(e.event())))
						.as("backlog read again on the second replica")
						.noneMatch((e) -> carries(e, early));
				}
				finally {
					resumed.dispose();
				}
			}
		}
	}

	private static UUID append(TokenServiceInstance service) {
		UUID sid = UUID.randomUUID();
		Instant now = Instant.now();
		service.bean(SessionRevocationRepository.class)
			.append(sid, "revoked_logout", now, now.plus(Duration.ofMinutes(15)))
			.block(Duration.ofSeconds(10));
		return sid;
	}

	private static boolean carries(ServerSentEvent<String> event, UUID sid) {
		return "revocations".equals(event.event()) && event.data() != null && event.data().contains(sid.toString());
	}

	/** The incarnation in an event id {@code "<incarnation>.<cursor>"}; empty when it has none. */
	private static String incarnationOf(String eventId) {
		int dot = eventId.lastIndexOf('.');
		return (dot < 0) ? "" : eventId.substring(0, dot);
	}

	private static Flux<ServerSentEvent<String>> feed(TokenServiceInstance service, String lastEventId) {
		return WebClient.create("http://127.0.0.1:" + service.port())
			.get()
			.uri("/oauth2/revocations")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBasicAuth("service", TokenServiceIntegrationTest.SERVICE_SECRET);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(EVENT)
			.filter((event) -> event.event() != null);
	}

	private static <T> T awaitFirst(Supplier<Optional<T>> probe) {
		return Mono.fromSupplier(probe)
			.flatMap(Mono::justOrEmpty)
			.repeatWhenEmpty(150, (ticks) -> ticks.delayElements(Duration.ofMillis(100)))
			.block(Duration.ofSeconds(15));
	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.StoreRewind;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revocation feed over real HTTP: backlog, then {@code caught-up}, then live revocations;
 * resuming from a cursor, also after the store was replaced, restored from an older backup or
 * purged of its newest rows; confidential clients only. And RFC 7662 introspection.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class RevocationFeedContract extends TokenServiceIntegrationTest {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	@Autowired
	SessionRevocationRepository revocations;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ConnectionFactory connectionFactory;

	@Autowired
	DatabaseClient db;

	@Autowired
	TransactionalOperator transaction;

	/** The kind of store this contract runs on, for tests that start services of their own on it. */
	abstract TestDatabase store();

	@Test
	void feedWhenExpiredAndPurgedRowsPrecedeMoreThanAPageOfLiveOnesThenBacklogDeliversEveryLiveOne() {
		Instant now = this.clock.instant();
		List<UUID> purged = append(300, now.minus(Duration.ofMinutes(10)));
		this.revocations.deleteExpired(now).block(Duration.ofSeconds(20));
		List<UUID> expired = append(300, now.minus(Duration.ofMinutes(5)));
		List<UUID> live = append(1_100, now.plus(Duration.ofMinutes(15)));
		UUID victim = append(1, now.plus(Duration.ofMinutes(15))).get(0);

		Set<String> sids = backlogSids(null);

		assertThat(sids).contains(victim.toString())
			.containsAll(live.stream().map(UUID::toString).toList())
			.doesNotContainAnyElementsOf(expired.stream().map(UUID::toString).toList())
			.doesNotContainAnyElementsOf(purged.stream().map(UUID::toString).toList());
	}

	@Test
	void feedWhenValidUntilPassedThenStillSentUntilRetentionAfterExpiryElapses() {
		Instant validUntil = this.clock.instant();
		UUID ended = append(1, validUntil).get(0);

		this.clock.advance(Duration.ofSeconds(60).minusMillis(1));
		this.revocations.deleteExpired(this.clock.instant()).block(Duration.ofSeconds(20));
		assertThat(backlogSids(null)).as("within valid_until + 60 s").contains(ended.toString());

		this.clock.advance(Duration.ofMillis(1));
		assertThat(backlogSids(null)).as("at valid_until + 60 s").doesNotContain(ended.toString());
		this.revocations.deleteExpired(this.clock.instant()).block(Duration.ofSeconds(20));
		UUID later = append(1, this.clock.instant().plus(Duration.ofMinutes(15))).get(0);
		assertThat(backlogSids(null)).contains(later.toString()).doesNotContain(ended.toString());
	}

	@Test
	void feedWhenSeveralGatewaysFollowThenDatabaseQueriesDoNotGrowWithThemAndEachGetsEveryRevocation() {
		List<Disposable> feeds = new ArrayList<>();
		List<List<String>> received = new ArrayList<>();
		try {
			follow(feeds, received);
			double alone = queriesDuring(Duration.ofSeconds(2));
			for (int i = 0; i < 5; i++) {
				follow(feeds, received);
			}
			double six = queriesDuring(Duration.ofSeconds(2));

			UUID ended = append(1, this.clock.instant().plus(Duration.ofMinutes(15))).get(0);

			assertThat(six).as("queries in 2 s with six feeds vs one (%s)", alone).isLessThanOrEqualTo(alone * 1.5 + 2);
			for (List<String> sids : received) {
				awaitFirst(() -> sids.stream().filter(ended.toString()::equals).findFirst());
			}
		}
		finally {
			feeds.forEach(Disposable::dispose);
		}
	}

	/** Opens a feed from cursor 0 collecting every sid it receives; returns once it has caught up. */
	private void follow(List<Disposable> feeds, List<List<String>> received) {
		List<String> sids = new CopyOnWriteArrayList<>();
		reactor.core.publisher.Sinks.Empty<Void> caughtUp = reactor.core.publisher.Sinks.empty();
		feeds.add(feed(null).subscribe((event) -> {
			if ("caught-up".equals(event.event())) {
				caughtUp.tryEmitEmpty();
			}
			sids.add(sidOf(event));
		}));
		received.add(sids);
		caughtUp.asMono().block(Duration.ofSeconds(20));
	}

	/** Waits (at most 15 s) until {@code probe} finds something, and returns it. */
	private static <T> T awaitFirst(java.util.function.Supplier<java.util.Optional<T>> probe) {
		return Mono.fromSupplier(probe)
			.flatMap(Mono::justOrEmpty)
			.repeatWhenEmpty(150, (ticks) -> ticks.delayElements(Duration.ofMillis(100)))
			.block(Duration.ofSeconds(15));
	}

	private double queriesDuring(Duration window) {
		double before = this.meters.counter("gatehouse.revocation.feed.queries").count();
		Mono.delay(window).block();
		return this.meters.counter("gatehouse.revocation.feed.queries").count() - before;
	}

	private List<UUID> append(int count, Instant validUntil) {
		return append(this.revocations, count, validUntil);
	}

	private static List<UUID> append(SessionRevocationRepository rows, int count, Instant validUntil) {
		return Flux.range(0, count)
			.map((i) -> UUID.randomUUID())
			.concatMap((sid) -> rows.append(sid, "revoked_logout", validUntil.minus(Duration.ofMinutes(15)), validUntil)
				.thenReturn(sid))
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private Set<String> backlogSids(String cursor) {
		return backlogSids(this.port, cursor);
	}

	private static Set<String> backlogSids(int port, String cursor) {
		return feed(port, cursor).takeUntil((e) -> "caught-up".equals(e.event()))
			.filter((e) -> "revocation".equals(e.event()))
			.map(RevocationFeedContract::sidOf)
			.collect(Collectors.toSet())
			.block(Duration.ofSeconds(30));
	}

	@Test
	void feedWhenSessionsEndThenBacklogCaughtUpAndLiveRevocationsArrive() {
		String user = createUser("feed");
		JsonNode before = login(user, PASSWORD, "web");
		JsonNode after = login(user, PASSWORD, "web");
		logout(before);

		StepVerifier.create(feed(null).filter((event) -> !"revocation".equals(event.event())
				|| sidOf(event).equals(before.get("session_id").asString())
				|| sidOf(event).equals(after.get("session_id").asString())))
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("revocation");
				assertThat(sidOf(event)).isEqualTo(before.get("session_id").asString());
			})
			.assertNext((event) -> assertThat(event.event()).isEqualTo("caught-up"))
			.then(() -> logout(after))
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("revocation");
				assertThat(sidOf(event)).isEqualTo(after.get("session_id").asString());
				assertThat(event.data().get("reason")).isEqualTo("revoked_logout");
				assertThat(event.data()).containsKey("valid_until");
			})
			.thenCancel()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void feedWhenResumedFromCursorThenOnlyLaterRevocations() {
		String user = createUser("resume");
		JsonNode first = login(user, PASSWORD, "web");
		logout(first);
		// Ids jumped over elsewhere in the table hold a fresh reader's resume cursor back for the gap
		// timeout; a live event after it carries the cursor past everything delivered.
		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		Disposable following = feed(null).subscribe(events::add);
		String cursor;
		try {
			awaitFirst(() -> events.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
			this.clock.advance(Duration.ofSeconds(11));
			JsonNode middle = login(user, PASSWORD, "web");
			logout(middle);
			cursor = awaitFirst(() -> events.stream()
				.filter((e) -> sidOf(e).equals(middle.get("session_id").asString()))
				.findFirst()).id();
		}
		finally {
			following.dispose();
		}
		JsonNode second = login(user, PASSWORD, "web");
		logout(second);

		List<String> sids = feed(cursor).takeUntil((e) -> "caught-up".equals(e.event()))
			.filter((e) -> "revocation".equals(e.event()))
			.map(RevocationFeedContract::sidOf)
			.collectList()
			.block(Duration.ofSeconds(20));

		assertThat(sids).contains(second.get("session_id").asString()).doesNotContain(first.get("session_id").asString());
	}

	/**
	 * Review finding: a gateway keeps its cursor across token-service restarts, so when the store goes back
	 * (restored from a backup, a new database, a wiped embedded ./data) its cursor is beyond every id the
	 * store will hand out for a long while, and the feed silently skips every new revocation while the
	 * gateway reports caught-up and ready. Reproduced by hand: a gateway at cursor 611 moved to a new
	 * PostgreSQL store accepted a logged-out session's token. A cursor the store has never reached must not
	 * be trusted (better: an epoch of the store in the event id).
	 */
	@Test
	void feedWhenResumeCursorIsBeyondEveryIdOfTheStoreThenNewRevocationsStillArrive() {
		String user = createUser("epoch");
		JsonNode login = login(user, PASSWORD, "web");

		StepVerifier.create(feed("1000000000").filter((event) -> !"revocation".equals(event.event())
				|| sidOf(event).equals(login.get("session_id").asString())))
			.assertNext((event) -> assertThat(event.event()).isEqualTo("caught-up"))
			.then(() -> logout(login))
			.assertNext((event) -> assertThat(sidOf(event)).isEqualTo(login.get("session_id").asString()))
			.thenCancel()
			.verify(Duration.ofSeconds(20));
	}

	/**
	 * Review finding F1: a gateway read up to cursor N; the store is restored from a backup taken before
	 * N and the token service restarted on it; sessions end until the store's ids reach N before the
	 * gateway reconnects. Every one of them must reach the gateway when it resumes from N (they used to
	 * sit at or below N, and were skipped).
	 */
	@Test
	void feedWhenStoreWentBackAndNewRevocationsReachTheGatewayCursorBeforeItResumesThenTheyStillArrive() {
		Map<String, String> store = serviceOn(store().properties("feed_restore"));
		Instant validUntil = Instant.now().plus(Duration.ofMinutes(15));
		StoreRewind.Backup backup;
		List<UUID> beforeBackup;
		String gatewayCursor;
		try (TokenServiceInstance service = TokenServiceInstance.start(store)) {
			SessionRevocationRepository rows = service.bean(SessionRevocationRepository.class);
			beforeBackup = append(rows, 3, validUntil);
			backup = StoreRewind.of(service.bean(ConnectionFactory.class)).backup();
			append(rows, 5, validUntil);
			gatewayCursor = cursorPastEverything(service.port(), () -> {
			}, () -> append(rows, 1, validUntil));
		}
		StoreRewind.of(store).restore(backup);
		List<UUID> afterRestore = new ArrayList<>();
		Set<String> resumed;
		try (TokenServiceInstance service = TokenServiceInstance.start(store)) {
			SessionRevocationRepository rows = service.bean(SessionRevocationRepository.class);
			StoreRewind ids = StoreRewind.of(service.bean(ConnectionFactory.class));
			for (int i = 0; i < 1_000 && (i == 0 || ids.maxId() < cursorOf(gatewayCursor)); i++) {
				afterRestore.addAll(append(rows, 1, validUntil));
			}
			resumed = backlogSids(service.port(), gatewayCursor);
		}

		assertThat(resumed).as("resumed from %s", gatewayCursor)
			.containsAll(strings(afterRestore))
			.doesNotContainAnyElementsOf(strings(beforeBackup));
	}

	/**
	 * The same while the service keeps running (a failover to a standby that lagged): its feeds already
	 * passed the ids the store hands out again, so each connected gateway is ended and, resuming with
	 * its cursor, reads the feed from the start.
	 */
	@Test
	void feedWhenStoreWentBackUnderTheRunningServiceThenConnectedGatewaysAreEndedAndGetEveryLaterRevocation() {
		StoreRewind store = StoreRewind.of(this.connectionFactory);
		StoreRewind.Backup backup = store.backup();
		Instant validUntil = this.clock.instant().plus(Duration.ofMinutes(15));
		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		AtomicReference<String> ended = new AtomicReference<>();
		Disposable following = feed(this.port, null).subscribe(events::add, (error) -> ended.set("error"),
				() -> ended.set("completed"));
		String cursor;
		try {
			awaitFirst(() -> events.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
			this.clock.advance(Duration.ofSeconds(11));
			UUID seen = append(1, validUntil).get(0);
			cursor = awaitFirst(() -> events.stream().filter((e) -> sidOf(e).equals(seen.toString())).findFirst()).id();

			store.restore(backup);

			assertThat(awaitFirst(() -> java.util.Optional.ofNullable(ended.get()))).as("the connected feed").isNotNull();
		}
		finally {
			following.dispose();
		}
		List<UUID> since = new ArrayList<>();
		for (int i = 0; i < 1_000 && (i == 0 || store.maxId() < cursorOf(cursor)); i++) {
			since.addAll(append(1, validUntil));
		}
		assertThat(backlogSids(this.port, cursor)).containsAll(strings(since));
	}

	/**
	 * Attack review: a failover to a standby that lacked the newest revocations, under the running service,
	 * and as many sessions ending on the new primary before this replica's next poll (200 ms). The store's
	 * highest id is then back at the high-water mark of the poller and of every connected gateway, so
	 * nothing looks gone back, while the new rows took ids the feeds already passed: the connected gateway
	 * never gets them, live or when it resumes from its cursor, and keeps accepting those sessions' tokens.
	 * Simulated deterministically: the sequence moved back, then the lost rows gone and the new ones
	 * written in one transaction, as the poller would see it if both happened between two polls.
	 */
	@Test
	void feedWhenStoreWentBackUnderTheRunningServiceAndAsManyNewRevocationsCommitBeforeThePollThenGatewaysStillGetThem() {
		StoreRewind store = StoreRewind.of(this.connectionFactory);
		Instant validUntil = this.clock.instant().plus(Duration.ofMinutes(15));
		// The standby has every row up to here: its ids are above the store's id floor, as in a store that
		// has been running a while since its last start.
		append(1, validUntil);
		StoreRewind.Backup backup = store.backup();
		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		AtomicReference<String> ended = new AtomicReference<>();
		Disposable following = feed(this.port, null).subscribe(events::add, (error) -> ended.set("error"),
				() -> ended.set("completed"));
		List<UUID> afterFailover;
		String cursor;
		try {
			awaitFirst(() -> events.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
			this.clock.advance(Duration.ofSeconds(11));
			List<UUID> lost = append(3, validUntil);
			String last = lost.get(lost.size() - 1).toString();
			cursor = awaitFirst(() -> events.stream().filter((e) -> sidOf(e).equals(last)).findFirst()).id();

			store.rewindIds(backup);
			afterFailover = this.transaction
				.transactional(this.db.sql("delete from session_revocations where id > :max")
					.bind("max", backup.maxId())
					.then()
					.thenMany(Flux.range(0, lost.size())
						.map((i) -> UUID.randomUUID())
						.concatMap((sid) -> this.revocations
							.append(sid, "revoked_logout", this.clock.instant(), validUntil)
							.thenReturn(sid))))
				.collectList()
				.block(Duration.ofSeconds(20));
			// ten polls
			Mono.delay(Duration.ofSeconds(2)).block();
		}
		finally {
			following.dispose();
		}
		Set<String> received = events.stream().map(RevocationFeedContract::sidOf).collect(Collectors.toSet());
		// A gateway that reconnects later (its feed ended, or its replica restarted) resumes from its cursor.
		received.addAll(backlogSids(this.port, cursor));
		assertThat(received).as("live or resumed from %s (feed %s)", cursor, ended.get())
			.containsAll(strings(afterFailover));
	}

	/**
	 * Attack review: any confidential client may read the feed, and a cursor beyond every id the store
	 * handed out, one it made up ({@code 999999999999999999}, no incarnation needed), renews the store's
	 * incarnation: every replica's poller then ends every gateway's feed and each gateway reads the whole
	 * backlog again, with a warning per replica, at every such request. A made-up cursor must cost its
	 * own reader a read from the start and nobody else anything.
	 */
	@Test
	void feedWhenOneClientResumesFromAMadeUpCursorBeyondEveryIdThenNoOtherGatewaysFeedEnds() {
		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		AtomicReference<String> ended = new AtomicReference<>();
		Disposable following = feed(this.port, null).subscribe(events::add, (error) -> ended.set("error"),
				() -> ended.set("completed"));
		try {
			ServerSentEvent<Map<String, Object>> caughtUp = awaitFirst(
					() -> events.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());

			ServerSentEvent<Map<String, Object>> attackers = feed("999999999999999999")
				.filter((e) -> "caught-up".equals(e.event()))
				.blockFirst(Duration.ofSeconds(20));
			// ten polls
			Mono.delay(Duration.ofSeconds(2)).block();

			assertThat(ended.get()).as("the other gateway's feed").isNull();
			assertThat(attackers.data().get("incarnation")).as("the store's incarnation")
				.isEqualTo(caughtUp.data().get("incarnation"));
		}
		finally {
			following.dispose();
		}
	}

	/**
	 * A cursor beyond every id costs its reader a read from the start and nothing else: no renewal, and
	 * one warning a minute naming the client, however many such requests come.
	 */
	@Test
	void feedWhenMadeUpCursorsBeyondEveryIdThenEachReadsFromTheStartAndOneWarningAMinuteNamesTheClient(
			CapturedOutput output) {
		UUID live = append(1, this.clock.instant().plus(Duration.ofMinutes(15))).get(0);
		// past any warning an earlier test caused
		this.clock.advance(SessionRevocationFeed.BEYOND_WARNING_INTERVAL);
		int logged = output.length();

		assertThat(backlogSids("999999999999999999")).contains(live.toString());
		assertThat(backlogSids("999999999999999998")).contains(live.toString());
		String warnings = output.toString().substring(logged);
		this.clock.advance(SessionRevocationFeed.BEYOND_WARNING_INTERVAL);
		assertThat(backlogSids("999999999999999997")).contains(live.toString());
		String later = output.toString().substring(logged + warnings.length());

		assertThat(warnings.split("Client service resumed the feed from cursor ", -1)).as(warnings).hasSize(2);
		assertThat(warnings).contains("999999999999999999").doesNotContain("renewing");
		assertThat(later).contains("Client service resumed the feed from cursor 999999999999999997")
			.contains("1 more since the last warning");
	}

	/**
	 * Review finding F2: the purge deletes by {@code valid_until}, so it could delete the newest rows, and
	 * a gateway resuming from the last of them was taken for one from another store: the whole backlog
	 * again, with a warning that the store was restored or replaced.
	 */
	@Test
	void feedWhenTheNewestRowsWerePurgedThenAResumingGatewayReadsNoBacklogAgainAndMissesNothing(CapturedOutput output) {
		UUID older = append(1, this.clock.instant().plus(Duration.ofMinutes(15))).get(0);
		String cursor = cursorPastEverything(this.port, () -> this.clock.advance(Duration.ofSeconds(11)),
				() -> append(3, this.clock.instant().plus(Duration.ofSeconds(1))));
		this.clock.advance(Duration.ofMinutes(2));
		this.revocations.deleteExpired(this.clock.instant()).block(Duration.ofSeconds(20));
		int logged = output.length();
		UUID later = UUID.randomUUID();

		StepVerifier.create(feed(cursor).filter((event) -> !"revocation".equals(event.event())
				|| sidOf(event).equals(older.toString()) || sidOf(event).equals(later.toString())))
			.assertNext((event) -> assertThat(event.event()).as("the first event, not %s again", older).isEqualTo("caught-up"))
			.then(() -> this.revocations.append(later, "revoked_logout", this.clock.instant(),
					this.clock.instant().plus(Duration.ofMinutes(15))).block(Duration.ofSeconds(10)))
			.assertNext((event) -> assertThat(sidOf(event)).isEqualTo(later.toString()))
			.thenCancel()
			.verify(Duration.ofSeconds(20));
		assertThat(output.toString().substring(logged)).doesNotContain("from the start");
	}

	@Test
	void feedWhenCursorNamesAnotherStoreIncarnationThenEveryRevocationIsSentFromTheStart() {
		List<UUID> live = append(2, this.clock.instant().plus(Duration.ofMinutes(15)));
		long beyondBoth = StoreRewind.of(this.connectionFactory).maxId();

		assertThat(backlogSids(UUID.randomUUID() + "." + beyondBoth)).containsAll(strings(live));
	}

	/** Rolling upgrade: a gateway from before incarnations sends the plain number it was given. */
	@Test
	void feedWhenPlainNumericCursorOfAnOlderGatewayThenReadAsACursorOfThisStore() {
		Instant validUntil = this.clock.instant().plus(Duration.ofMinutes(15));
		UUID first = append(1, validUntil).get(0);
		long firstId = StoreRewind.of(this.connectionFactory).maxId();
		UUID second = append(1, validUntil).get(0);

		assertThat(backlogSids(Long.toString(firstId))).contains(second.toString()).doesNotContain(first.toString());
	}

	@Test
	void feedWhenCursorMalformedThenInvalidRequest() {
		for (String cursor : List.of("not-a-uuid.5", "5.5", UUID.randomUUID() + ".x", "-1", "1".repeat(80))) {
			this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM)
				.headers((headers) -> {
					headers.setBasicAuth("service", SERVICE_SECRET);
					headers.set("Last-Event-ID", cursor);
				})
				.exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		}
	}

	/**
	 * Follows the feed until caught up, moves past the gap timeout ({@code passGapTimeout}), writes
	 * ({@code write}) and returns the id of the event that carries the last row written: the cursor of
	 * a gateway in sync, past every row.
	 */
	private String cursorPastEverything(int port, Runnable passGapTimeout, java.util.function.Supplier<List<UUID>> write) {
		List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();
		Disposable following = feed(port, null).subscribe(events::add);
		try {
			awaitFirst(() -> events.stream().filter((e) -> "caught-up".equals(e.event())).findFirst());
			passGapTimeout.run();
			List<UUID> written = write.get();
			String last = written.get(written.size() - 1).toString();
			return awaitFirst(() -> events.stream().filter((e) -> sidOf(e).equals(last)).findFirst()).id();
		}
		finally {
			following.dispose();
		}
	}

	/** A service of its own on {@code store}: the {@code service} client, gaps given up at once (inserts here are sequential). */
	private static Map<String, String> serviceOn(Map<String, String> store) {
		Map<String, String> properties = new HashMap<>(store);
		properties.put("gatehouse.clients.service.secret-hash", SERVICE_SECRET_HASH);
		properties.put("gatehouse.revocation-feed.gap-timeout", "1ms");
		return properties;
	}

	/** The raw id cursor of an event id, with or without a store incarnation before it. */
	private static long cursorOf(String eventId) {
		return Long.parseLong(eventId.substring(eventId.lastIndexOf('.') + 1));
	}

	private static List<String> strings(List<UUID> ids) {
		return ids.stream().map(UUID::toString).toList();
	}

	/**
	 * Attack review: the cursor is parsed before the caller is authenticated, so a caller without
	 * credentials learns the feed's cursor syntax from 400 answers instead of getting 401.
	 */
	@Test
	void feedWhenNoCredentialsAndCursorMalformedThenUnauthorizedNotInvalidRequest() {
		this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM)
			.header("Last-Event-ID", "not-a-cursor")
			.exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void feedWhenPublicClientOrNoCredentialsThenUnauthorized() {
		this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isUnauthorized();
		this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("service", "wrong"))
			.exchange().expectStatus().isUnauthorized();
	}

	@Test
	void introspectWhenSessionLiveThenActiveAndAfterLogoutInactive() {
		String user = createUser("introspect");
		JsonNode login = login(user, PASSWORD, "web");

		introspect(login.get("access_token").asString()).jsonPath("$.active").isEqualTo(true)
			.jsonPath("$.sid").isEqualTo(login.get("session_id").asString())
			.jsonPath("$.client_id").isEqualTo("web");
		logout(login);

		introspect(login.get("access_token").asString()).jsonPath("$.active").isEqualTo(false);
		introspect("garbage").jsonPath("$.active").isEqualTo(false);
		this.http.post().uri("/oauth2/introspect").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=x&client_id=web").exchange().expectStatus().isUnauthorized();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec introspect(String token) {
		return this.http.post().uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	private Flux<ServerSentEvent<Map<String, Object>>> feed(String lastEventId) {
		return feed(this.port, lastEventId);
	}

	private static Flux<ServerSentEvent<Map<String, Object>>> feed(int port, String lastEventId) {
		return WebClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/oauth2/revocations")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBasicAuth("service", SERVICE_SECRET);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(EVENT)
			.filter((event) -> event.event() != null)
			.concatMap(RevocationFeedContract::eachRevocation);
	}

	/** A page event ({@code revocations}) as one {@code revocation} per entry, each with the page's id. */
	@SuppressWarnings("unchecked")
	private static Flux<ServerSentEvent<Map<String, Object>>> eachRevocation(ServerSentEvent<Map<String, Object>> event) {
		if (!"revocations".equals(event.event())) {
			return Flux.just(event);
		}
		List<Map<String, Object>> page = (List<Map<String, Object>>) event.data().get("revocations");
		assertThat(page).isNotEmpty();
		return Flux.fromIterable(page)
			.map((revocation) -> ServerSentEvent.builder(revocation).event("revocation").id(event.id()).build());
	}

	private void logout(JsonNode login) {
		withToken(this.http.post().uri("/auth/logout"), login).exchange().expectStatus().isNoContent();
	}

	private static String sidOf(ServerSentEvent<Map<String, Object>> event) {
		return (event.data() != null && event.data().get("sid") != null) ? event.data().get("sid").toString() : "";
	}

}

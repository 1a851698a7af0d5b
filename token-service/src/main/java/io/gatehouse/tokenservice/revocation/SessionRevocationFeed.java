package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The stream of ended sessions one gateway follows: first every revocation after its cursor whose
 * tokens may still be valid (a new gateway starts at 0 and so receives all of them), read by raw
 * id pages until a page is not full; then a caught-up marker; then new ones as this replica's
 * {@link RevocationPoller} finds them. The feed registers with the poller before it reads its
 * backlog, and one {@link FeedCursor} of its own dedupes the two, so nothing committed in between
 * is lost. Polling rather than PostgreSQL LISTEN/NOTIFY: it works the same on the embedded store,
 * a notification missed during a reconnect cannot lose an event (the table is the source of
 * truth), and a revocation made on any token-service replica is seen by every replica's feed.
 */
@Component
public final class SessionRevocationFeed {

	private static final Log logger = LogFactory.getLog(SessionRevocationFeed.class);

	private final SessionRevocationRepository repository;

	private final RevocationPoller poller;

	private final RevocationFeedProperties properties;

	private final Clock clock;

	SessionRevocationFeed(SessionRevocationRepository repository, RevocationPoller poller,
			RevocationFeedProperties properties, Clock clock) {
		this.repository = repository;
		this.poller = poller;
		this.properties = properties;
		this.clock = clock;
	}

	/** Completes when this replica shuts down, which ends every feed stream. */
	public Mono<Void> stopped() {
		return this.poller.stopped();
	}

	/**
	 * The feed after {@code cursor}: backlog pages, one {@link FeedEvent#isCaughtUp() caught-up}
	 * event, then live pages; never completes. Each event carries the position a reader may resume
	 * from without loss. A cursor beyond every id of the store cannot be one this store gave out
	 * (the store was restored to an earlier point or replaced, and its ids start again lower): the
	 * reader then gets the whole backlog from the start, since any new revocation would otherwise sit
	 * below its cursor for ever.
	 */
	public Flux<FeedEvent> after(long cursor) {
		return this.poller.ready().then(startingPoint(cursor)).flatMapMany((start) -> Flux.defer(() -> {
			Flux<List<SessionRevocation>> live = this.poller.subscribe();
			FeedCursor position = new FeedCursor(start, this.properties.gapTimeout(), this.properties.maxAwaitedGaps());
			return Flux.concat(backlog(position), Mono.fromSupplier(() -> FeedEvent.caughtUp(position.position())),
					live.map((rows) -> deliver(position, rows)).filter((event) -> !event.revocations().isEmpty()));
		}));
	}

	private Mono<Long> startingPoint(long cursor) {
		if (cursor == 0) {
			return Mono.just(0L);
		}
		return this.repository.maxId().defaultIfEmpty(0L).map((max) -> {
			if (cursor <= max) {
				return cursor;
			}
			logger.warn("A feed resumed from cursor " + cursor + ", beyond this store's last revocation " + max
					+ " (store restored or replaced?): sending it every revocation from the start");
			return 0L;
		});
	}

	private Flux<FeedEvent> backlog(FeedCursor position) {
		return this.repository.after(position.highWater(), RevocationPoller.PAGE)
			.expand(this::nextPage)
			.map((page) -> deliver(position, page))
			.filter((event) -> !event.revocations().isEmpty());
	}

	/** The raw page after a full one; an empty or short page is the end of the table. */
	private Mono<List<SessionRevocation>> nextPage(List<SessionRevocation> page) {
		return (page.size() == RevocationPoller.PAGE)
				? this.repository.after(page.get(page.size() - 1).cursor(), RevocationPoller.PAGE) : Mono.empty();
	}

	private FeedEvent deliver(FeedCursor position, List<SessionRevocation> rows) {
		Instant now = this.clock.instant();
		List<SessionRevocation> relevant = position.accept(rows, now)
			.stream()
			.filter((row) -> this.properties.isRelevant(row, now))
			.toList();
		return FeedEvent.revocations(relevant, position.position());
	}

	/**
	 * One event of the feed.
	 *
	 * @param revocations the page's revocations (empty for the caught-up marker)
	 * @param cursor where the reader may resume without loss after this event
	 * @param isCaughtUp whether this marks the end of the backlog
	 */
	public record FeedEvent(List<SessionRevocation> revocations, long cursor, boolean isCaughtUp) {

		static FeedEvent revocations(List<SessionRevocation> revocations, long cursor) {
			return new FeedEvent(revocations, cursor, false);
		}

		static FeedEvent caughtUp(long cursor) {
			return new FeedEvent(List.of(), cursor, true);
		}

	}

}

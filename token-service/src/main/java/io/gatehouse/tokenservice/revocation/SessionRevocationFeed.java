package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

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

	/**
	 * The feed after {@code cursor}: backlog pages, one {@link FeedEvent#isCaughtUp() caught-up}
	 * event, then live pages; never completes. Each event carries the position a reader may resume
	 * from without loss.
	 */
	/** Completes when this replica shuts down, which ends every feed stream. */
	public Mono<Void> stopped() {
		return this.poller.stopped();
	}

	public Flux<FeedEvent> after(long cursor) {
		return this.poller.ready().thenMany(Flux.defer(() -> {
			Flux<List<SessionRevocation>> live = this.poller.subscribe();
			FeedCursor position = new FeedCursor(cursor, this.properties.gapTimeout(), this.properties.maxAwaitedGaps());
			return Flux.concat(backlog(position), Mono.fromSupplier(() -> FeedEvent.caughtUp(position.position())),
					live.map((rows) -> deliver(position, rows)).filter((event) -> !event.revocations().isEmpty()));
		}));
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

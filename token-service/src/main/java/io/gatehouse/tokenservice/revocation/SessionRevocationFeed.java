package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The stream of ended sessions a gateway follows: first every revocation after its cursor whose
 * tokens may still be valid (a new gateway starts at 0 and so receives all of them), then new
 * ones as they are committed, found by polling the table every {@code poll-interval}. Polling
 * rather than PostgreSQL LISTEN/NOTIFY: it works the same on the embedded store, a notification
 * missed during a reconnect cannot lose an event (the table is the source of truth), and a
 * revocation made on any token-service replica is seen by every replica's feed.
 */
@Component
public final class SessionRevocationFeed {

	private static final int BATCH = 1000;

	private final SessionRevocationRepository repository;

	private final RevocationFeedProperties properties;

	private final Clock clock;

	SessionRevocationFeed(SessionRevocationRepository repository, RevocationFeedProperties properties, Clock clock) {
		this.repository = repository;
		this.properties = properties;
		this.clock = clock;
	}

	/** A reader positioned after {@code cursor}. */
	public Reader readerAfter(long cursor) {
		return new Reader(new FeedCursor(cursor, this.properties.gapTimeout()));
	}

	/** Reads the feed for one subscriber; its cursor survives between {@link #backlog()} and {@link #live()}. */
	public final class Reader {

		private final FeedCursor position;

		private Reader(FeedCursor position) {
			this.position = position;
		}

		/**
		 * Every revocation after the cursor still within its tokens' lifetime, in pages of up to
		 * 1,000 in cursor order; completes when caught up.
		 */
		public Flux<List<SessionRevocation>> backlog() {
			return page().expand((rows) -> (rows.size() == BATCH) ? page() : Mono.empty())
				.filter((rows) -> !rows.isEmpty());
		}

		/** New revocations as they are committed, polled every {@code poll-interval}, a page per poll; never completes. */
		public Flux<List<SessionRevocation>> live() {
			return Flux.interval(SessionRevocationFeed.this.properties.pollInterval())
				.onBackpressureDrop()
				.concatMap((tick) -> page(), 1)
				.filter((rows) -> !rows.isEmpty());
		}

		public long cursor() {
			return this.position.confirmed();
		}

		private Mono<List<SessionRevocation>> page() {
			return SessionRevocationFeed.this.repository
				.after(this.position.confirmed(), SessionRevocationFeed.this.clock.instant(), BATCH)
				.collectList()
				.map((rows) -> this.position.accept(rows, SessionRevocationFeed.this.clock.instant()));
		}

	}

}

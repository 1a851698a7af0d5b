package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The stream of ended sessions one gateway follows. Invariant: a gateway that resumes from an event
 * id of this feed receives every revocation committed after that event that is still relevant,
 * whatever happened to the store in between (replaced, restored from an older backup, purged of its
 * newest rows), because an event id names the store's incarnation and, within one incarnation, no
 * id is handed out twice ({@link StoreIncarnations}).
 *
 * <p>First every revocation after its cursor whose
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

	/** The least time between two warnings of a cursor beyond every id. */
	static final Duration BEYOND_WARNING_INTERVAL = Duration.ofMinutes(1);

	private final AtomicReference<Instant> lastBeyondWarning = new AtomicReference<>();

	private final AtomicLong beyondSinceWarning = new AtomicLong();

	private final SessionRevocationRepository repository;

	private final StoreIncarnations incarnations;

	private final RevocationPoller poller;

	private final RevocationFeedProperties properties;

	private final Clock clock;

	SessionRevocationFeed(SessionRevocationRepository repository, StoreIncarnations incarnations,
			RevocationPoller poller, RevocationFeedProperties properties, Clock clock) {
		this.repository = repository;
		this.incarnations = incarnations;
		this.poller = poller;
		this.properties = properties;
		this.clock = clock;
	}

	/** Completes when this replica shuts down, which ends every feed stream. */
	public Mono<Void> stopped() {
		return this.poller.stopped();
	}

	/**
	 * The feed after {@code from}: backlog pages, one {@link FeedEvent#isCaughtUp() caught-up}
	 * event, then live pages; never completes. Each event carries the position (this store's
	 * incarnation and a cursor) a reader may resume from without loss. A position of another
	 * incarnation (the store was replaced, or renewed after it went back) is read from the start; so
	 * is one of this incarnation beyond every id it may have handed out, for {@code reader} only: what
	 * a client sends never renews the incarnation, or any client could end every gateway's feed and
	 * make each read the whole backlog again (such a cursor is logged, at most once a
	 * {@link #BEYOND_WARNING_INTERVAL}). A plain numeric cursor (a gateway from before incarnations)
	 * is taken as one of the current incarnation.
	 *
	 * @param from where the reader resumes
	 * @param reader the authenticated client id, for the log
	 */
	Flux<FeedEvent> after(FeedPosition from, String reader) {
		return this.poller.ready().then(startingPoint(from, reader)).flatMapMany((start) -> Flux.defer(() -> {
			Flux<List<SessionRevocation>> live = this.poller.subscribe();
			FeedCursor position = new FeedCursor(start.cursor(), this.properties.gapTimeout(),
					this.properties.maxAwaitedGaps());
			String incarnation = start.incarnation();
			return Flux.concat(backlog(incarnation, position),
					Mono.fromSupplier(() -> FeedEvent.caughtUp(incarnation, position.position())),
					live.map((rows) -> deliver(incarnation, position, rows))
						.filter((event) -> !event.revocations().isEmpty()));
		}));
	}

	private Mono<FeedPosition> startingPoint(FeedPosition from, String reader) {
		return this.incarnations.current().flatMap((store) -> {
			if (from.cursor() == 0) {
				return Mono.just(new FeedPosition(store.incarnation(), 0));
			}
			if (from.incarnation() != null && !from.incarnation().equals(store.incarnation())) {
				logger.info("A feed resumed from incarnation " + from.incarnation() + ", not this store's "
						+ store.incarnation() + " (store replaced, or renewed after it went back): sending it every "
						+ "revocation from the start");
				return Mono.just(new FeedPosition(store.incarnation(), 0));
			}
			if (store.mayHaveIssued(from.cursor())) {
				return Mono.just(new FeedPosition(store.incarnation(), from.cursor()));
			}
			warnBeyond(from.cursor(), store, reader);
			return Mono.just(new FeedPosition(store.incarnation(), 0));
		});
	}

	/**
	 * At most once a {@link #BEYOND_WARNING_INTERVAL}: a cursor beyond every id is either a made-up one
	 * or a store that went back past its floor (then every gateway resumes with one, and one line says
	 * so as well as a thousand would). The cursor is logged as parsed (a number), never as sent.
	 */
	private void warnBeyond(long cursor, StoreIncarnation store, String reader) {
		Instant now = this.clock.instant();
		Instant last = this.lastBeyondWarning.get();
		if ((last != null && now.isBefore(last.plus(BEYOND_WARNING_INTERVAL)))
				|| !this.lastBeyondWarning.compareAndSet(last, now)) {
			this.beyondSinceWarning.incrementAndGet();
			return;
		}
		long others = this.beyondSinceWarning.getAndSet(0);
		logger.warn("Client " + forLog(reader) + " resumed the feed from cursor " + cursor
				+ ", beyond every id store incarnation " + store.incarnation() + " may have handed out ("
				+ store.issuedThrough() + "): reading that feed from 0, the incarnation not renewed. A made-up "
				+ "cursor, or the store went back past its id floor (restored from an older backup by a replica "
				+ "whose clock is behind?)" + ((others > 0) ? "; " + others + " more since the last warning" : ""));
	}

	/** A client id as logged: printable ASCII only, at most 64 characters (ids come from configuration, but still). */
	private static String forLog(String clientId) {
		String printable = (clientId != null) ? clientId.replaceAll("[^\\x21-\\x7e]", "?") : "?";
		return (printable.length() > 64) ? printable.substring(0, 64) + "..." : printable;
	}

	private Flux<FeedEvent> backlog(String incarnation, FeedCursor position) {
		return this.repository.after(position.highWater(), RevocationPoller.PAGE)
			.expand(this::nextPage)
			.map((page) -> deliver(incarnation, position, page))
			.filter((event) -> !event.revocations().isEmpty());
	}

	/** The raw page after a full one; an empty or short page is the end of the table. */
	private Mono<List<SessionRevocation>> nextPage(List<SessionRevocation> page) {
		return (page.size() == RevocationPoller.PAGE)
				? this.repository.after(page.get(page.size() - 1).cursor(), RevocationPoller.PAGE) : Mono.empty();
	}

	private FeedEvent deliver(String incarnation, FeedCursor position, List<SessionRevocation> rows) {
		Instant now = this.clock.instant();
		List<SessionRevocation> relevant = position.accept(rows, now)
			.stream()
			.filter((row) -> this.properties.isRelevant(row, now))
			.toList();
		return FeedEvent.revocations(relevant, incarnation, position.position());
	}

	/**
	 * One event of the feed.
	 *
	 * @param revocations the page's revocations (empty for the caught-up marker)
	 * @param incarnation the store incarnation the cursor belongs to
	 * @param cursor where the reader may resume without loss after this event
	 * @param isCaughtUp whether this marks the end of the backlog
	 */
	public record FeedEvent(List<SessionRevocation> revocations, String incarnation, long cursor, boolean isCaughtUp) {

		static FeedEvent revocations(List<SessionRevocation> revocations, String incarnation, long cursor) {
			return new FeedEvent(revocations, incarnation, cursor, false);
		}

		static FeedEvent caughtUp(String incarnation, long cursor) {
			return new FeedEvent(List.of(), incarnation, cursor, true);
		}

		/** The SSE event id: {@code "<incarnation>.<cursor>"}, what the reader resumes with. */
		public String eventId() {
			return new FeedPosition(this.incarnation, this.cursor).toEventId();
		}

	}

}

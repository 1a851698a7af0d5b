package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This replica's one reader of new revocations: every {@code poll-interval} it reads the rows
 * after its high-water mark (page after page while pages are full) and the rows of the gaps it
 * still awaits, and hands each new page to every connected feed. So the database sees two or three
 * queries per interval however many gateways follow this replica. Each feed gets a bounded buffer
 * ({@code subscriber-buffer} pages); a feed that lets it fill is ended with an error, so its
 * gateway reconnects and resumes from its cursor, and no slow reader holds up the others.
 * It starts from id 0: its first poll reads the table once, publishing nothing, and awaits the gaps
 * it finds (purged rows, in-flight inserts) for {@code gap-timeout} as any reader does; feeds
 * register only after that, so every row committed after a feed registered reaches it.
 *
 * <p>Invariant: a feed is only ever fed rows of the store history its gateway's cursor names. Each
 * poll first reads the store's incarnation ({@link StoreIncarnations}) together with the newest rows
 * this poller read ({@link RowsRead}); when the incarnation changed (another replica renewed it), or
 * the store went back under this replica (its ids end below what the poller read, or an id it read
 * now holds another session: a failover to a standby that lacked them, however many rows the new
 * history wrote since), it renews the incarnation where needed, starts over from id 0 and ends every
 * feed, so each gateway reconnects with its cursor of the old incarnation and reads from the start.
 */
@Component
final class RevocationPoller implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RevocationPoller.class);

	static final int PAGE = 1000;

	private final SessionRevocationRepository repository;

	private final RevocationFeedProperties properties;

	private final Clock clock;

	private final StoreIncarnations incarnations;

	/** Replaced only by {@link #poll()} (serialised), when the store is found to have gone back. */
	private volatile FeedCursor cursor;

	/** The newest rows read in {@link #cursor}'s history; replaced with it. */
	private volatile RowsRead read = new RowsRead();

	/** The store incarnation the last poll saw; {@code null} before the first. */
	private volatile String incarnation;

	private final Set<Feed> subscribers = ConcurrentHashMap.newKeySet();

	private final Sinks.Empty<Void> warmedUp = Sinks.empty();

	private final Sinks.Empty<Void> stopping = Sinks.empty();

	private volatile Disposable running;

	RevocationPoller(SessionRevocationRepository repository, StoreIncarnations incarnations,
			RevocationFeedProperties properties, Clock clock) {
		this.repository = repository;
		this.incarnations = incarnations;
		this.properties = properties;
		this.clock = clock;
		this.cursor = new FeedCursor(0, properties.gapTimeout(), properties.maxAwaitedGaps());
	}

	/** Completes once the first poll has read the table, from when feeds may {@link #subscribe()}. */
	Mono<Void> ready() {
		return this.warmedUp.asMono();
	}

	/**
	 * Registers a new feed at once (pages polled from now on are buffered until it is read) and
	 * returns its stream; cancelling the stream unregisters it. Call after {@link #ready()}.
	 */
	Flux<List<SessionRevocation>> subscribe() {
		Feed feed = new Feed(Sinks.many()
			.unicast()
			.onBackpressureBuffer(Queues.<List<SessionRevocation>>get(this.properties.subscriberBuffer()).get()),
				Sinks.empty());
		this.subscribers.add(feed);
		// The overflow signal is merged in rather than sent through the buffer, so it ends the feed at
		// once instead of waiting behind the pages its reader is not reading.
		return feed.pages()
			.asFlux()
			.mergeWith(feed.overflow().asMono().thenMany(Flux.<List<SessionRevocation>>empty()))
			.doFinally((signal) -> this.subscribers.remove(feed));
	}

	/**
	 * Completes when this replica shuts down: every feed stream ends then, heartbeat and all, so the
	 * web server's graceful shutdown does not wait on them and gateways reconnect to another replica.
	 */
	Mono<Void> stopped() {
		return this.stopping.asMono();
	}

	int subscriberCount() {
		return this.subscribers.size();
	}

	/**
	 * One poll: the store's incarnation and the rows last read, then the awaited gaps, then every
	 * full page after the high-water mark; serialised by {@link #start()}.
	 */
	Mono<Void> poll() {
		return Mono.defer(this::checkStore)
			.then(Mono.defer(() -> this.repository.within(this.cursor.gaps())))
			.doOnNext(this::publish)
			.then(Mono.defer(() -> this.repository.after(this.cursor.highWater(), PAGE))
				.expand((page) -> (page.size() == PAGE) ? this.repository.after(page.get(PAGE - 1).cursor(), PAGE)
						: Mono.empty())
				.doOnNext(this::publish)
				.then())
			.doOnSuccess((done) -> this.warmedUp.tryEmitEmpty())
			.doFinally((signal) -> this.cursor.skipTimedOut(this.clock.instant()));
	}

	/**
	 * Ends every feed when the store's incarnation changed (another replica renewed it), or renews it
	 * and ends them when the store went back under this running replica: its ids now end below what
	 * this poller read, or an id it read holds another session now, so rows written from now on may
	 * take ids it and every feed already passed. Either way the poller reads again from id 0 (the
	 * new history's rows at ids it passed are new to it) and each gateway reconnects with its cursor
	 * of the old incarnation and reads the feed from the start.
	 */
	private Mono<Void> checkStore() {
		return this.incarnations.observedBy(this.read.fingerprints()).flatMap((observed) -> {
			StoreIncarnation store = observed.store();
			String seen = this.incarnation;
			if (seen != null && !seen.equals(store.incarnation())) {
				logger.warn("The store's feed incarnation changed from " + seen + " to " + store.incarnation()
						+ ": ending " + this.subscribers.size() + " feeds so their gateways read it from the start");
				startOver(store.incarnation());
				return Mono.empty();
			}
			String wentBack = (seen == null) ? null : wentBack(observed);
			if (wentBack != null) {
				logger.warn("The store went back under this replica (" + wentBack + "): renewing the feed incarnation");
				return this.incarnations.renew(store.incarnation(), this.clock.instant())
					.doOnNext((renewed) -> startOver(renewed.incarnation()))
					.then();
			}
			this.incarnation = store.incarnation();
			return Mono.empty();
		});
	}

	/** What shows the store went back under this poller, or {@code null}. */
	private String wentBack(StoreIncarnations.Observed observed) {
		if (observed.reusedId() != null) {
			return "id " + observed.reusedId() + ", which this replica read, now holds another session";
		}
		if (observed.store().issuedThrough() < this.cursor.highWater()) {
			return "its ids end at " + observed.store().issuedThrough() + ", this replica read up to "
					+ this.cursor.highWater();
		}
		return null;
	}

	private void startOver(String incarnation) {
		this.incarnation = incarnation;
		this.cursor = new FeedCursor(0, this.properties.gapTimeout(), this.properties.maxAwaitedGaps());
		this.read = new RowsRead();
		endFeeds();
	}

	private void endFeeds() {
		for (Feed subscriber : this.subscribers) {
			this.subscribers.remove(subscriber);
			subscriber.overflow().tryEmitError(new IncarnationChangedException());
		}
	}

	private void publish(List<SessionRevocation> rows) {
		this.read.remember(rows);
		List<SessionRevocation> fresh = this.cursor.accept(rows, this.clock.instant());
		if (fresh.isEmpty()) {
			return;
		}
		for (Feed subscriber : this.subscribers) {
			if (subscriber.pages().tryEmitNext(fresh).isFailure()) {
				this.subscribers.remove(subscriber);
				subscriber.overflow().tryEmitError(new SlowSubscriberException());
			}
		}
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> poll().onErrorResume((ex) -> {
				logger.warn("Revocation feed poll failed, will retry: " + ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.running;
		if (current != null) {
			current.dispose();
		}
		this.running = null;
		this.stopping.tryEmitEmpty();
		this.subscribers.forEach((feed) -> {
			feed.pages().tryEmitComplete();
			feed.overflow().tryEmitEmpty();
		});
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/** One connected feed: its bounded buffer of pages, and the signal that ends it when that overflows. */
	private record Feed(Sinks.Many<List<SessionRevocation>> pages, Sinks.Empty<Void> overflow) {
	}

	/** Ends one feed stream on purpose; its gateway reconnects and resumes from its cursor. */
	abstract static class FeedEndedException extends RuntimeException {

		FeedEndedException(String message) {
			super(message, null, false, false);
		}

	}

	/** Ends a feed whose cursor belongs to a store incarnation that was replaced. */
	static final class IncarnationChangedException extends FeedEndedException {

		IncarnationChangedException() {
			super("the store's feed incarnation changed; reconnect and resume from the cursor");
		}

	}

	/** Ends a feed whose reader fell {@code subscriber-buffer} pages behind. */
	static final class SlowSubscriberException extends FeedEndedException {

		SlowSubscriberException() {
			super("the feed fell too far behind; reconnect and resume from the cursor");
		}

	}

}

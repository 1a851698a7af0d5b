package io.gatehouse.gateway.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Follows the token service's revocation feed ({@code GET /oauth2/revocations}, server-sent
 * events carrying pages of revocations, {@code client_secret_basic}) and records every ended
 * session in {@link RevokedSessions}.
 * It resumes with {@code Last-Event-ID} set to the last event id the service sent (opaque to the
 * gateway: the service's store incarnation and cursor) after any drop, reconnecting with
 * exponential backoff, so a revocation made while it was disconnected arrives on reconnect. It is
 * {@link #isCaughtUp() caught up} once the token service has sent everything still within the
 * access-token window, which gates readiness.
 *
 * <p>Metrics: {@code gatehouse.gateway.revocation.feed.connected} (1/0),
 * {@code ...feed.down.seconds}, {@code ...feed.lag.seconds} (revocation to arrival, last event),
 * {@code ...feed.reconnects}, {@code ...feed.events}, {@code ...feed.malformed} (entries skipped),
 * {@code gatehouse.gateway.revocation.sessions}. Every error path ends in a handler: nothing reaches
 * Reactor's {@code onErrorDropped}.
 */
public final class RevocationFeedClient {

	private static final Log logger = LogFactory.getLog(RevocationFeedClient.class);

	/** The longest event id sent back: the service's are a UUID, a dot and a number. */
	static final int MAX_EVENT_ID = 64;

	/** The header in which a gateway describes itself to the token service's doctor. */
	public static final String FOLLOWER_HEADER = "Gatehouse-Follower";

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private final WebClient web;

	private final URI uri;

	private final RevocationFeedProperties properties;

	private final RevokedSessions revoked;

	private final JsonMapper json;

	private final Clock clock;

	private final Counter reconnects;

	private final Counter events;

	/** The last event id the service sent, as sent; {@code null} before the first. */
	private volatile String cursor;

	private volatile boolean connected;

	private volatile boolean caughtUp;

	private volatile Instant downSince;

	private volatile double lastLagSeconds;

	private final Counter malformed;

	private volatile Disposable subscription;

	/** What this gateway says of itself in {@code Gatehouse-Follower}, or {@code null} for nothing. */
	private final String follower;

	public RevocationFeedClient(WebClient.Builder web, URI uri, String clientId, String clientSecret,
			RevocationFeedProperties properties, RevokedSessions revoked, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		this(web, uri, clientId, clientSecret, properties, revoked, json, clock, meters, null);
	}

	/**
	 * The same, describing this gateway to the token service in the {@value #FOLLOWER_HEADER} header of
	 * every feed request ({@code instance=<id>; limits=memory|redis}), which its configuration doctor counts.
	 */
	public RevocationFeedClient(WebClient.Builder web, URI uri, String clientId, String clientSecret,
			RevocationFeedProperties properties, RevokedSessions revoked, JsonMapper json, Clock clock,
			MeterRegistry meters, String follower) {
		this.follower = follower;
		// A page of 1,000 revocations is about 150 KB: allow a generous margin over the 256 KB default.
		this.web = web.defaultHeaders((headers) -> headers.setBasicAuth(clientId, clientSecret))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
		this.uri = uri;
		this.properties = properties;
		this.revoked = revoked;
		this.json = json;
		this.clock = clock;
		this.downSince = clock.instant();
		this.reconnects = meters.counter("gatehouse.gateway.revocation.feed.reconnects");
		this.events = meters.counter("gatehouse.gateway.revocation.feed.events");
		this.malformed = meters.counter("gatehouse.gateway.revocation.feed.malformed");
		meters.gauge("gatehouse.gateway.revocation.feed.connected", this, (feed) -> feed.connected ? 1 : 0);
		meters.gauge("gatehouse.gateway.revocation.feed.down.seconds", this,
				(feed) -> feed.downFor().toMillis() / 1000.0);
		meters.gauge("gatehouse.gateway.revocation.feed.lag.seconds", this, (feed) -> feed.lastLagSeconds);
		meters.gauge("gatehouse.gateway.revocation.sessions", revoked, RevokedSessions::size);
	}

	/** Starts following the feed; does nothing if it already runs. */
	public synchronized void start() {
		if (this.subscription != null) {
			return;
		}
		this.downSince = this.clock.instant();
		Disposable forgetting = Flux.interval(Duration.ofMinutes(1))
			.subscribe((tick) -> this.revoked.forgetExpired(this.clock.instant()),
					(ex) -> logger.error("Forgetting expired revocations stopped", ex));
		Disposable following = follow().subscribe(null,
				(ex) -> logger.error("The revocation feed client stopped following the feed", ex));
		this.subscription = Disposables.composite(following, forgetting);
	}

	/** Whether {@link #start()} was called (and {@link #stop()} not since). */
	public boolean isStarted() {
		return this.subscription != null;
	}

	public synchronized void stop() {
		Disposable current = this.subscription;
		if (current != null) {
			current.dispose();
		}
		this.subscription = null;
		this.connected = false;
	}

	/**
	 * Waits (on the calling thread: startup only) until the feed has caught up or the limit has
	 * passed; returns whether it caught up.
	 */
	public boolean awaitCaughtUp(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!this.caughtUp && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return this.caughtUp;
			}
		}
		return this.caughtUp;
	}

	/** Whether the feed has delivered every revocation still relevant at least once since startup. */
	public boolean isCaughtUp() {
		return this.caughtUp;
	}

	public boolean isConnected() {
		return this.connected;
	}

	/** Where the feed resumes: the service's last event id ({@code "<store incarnation>.<cursor>"}), or {@code null}. */
	public String cursor() {
		return this.cursor;
	}

	/** How long the feed has not been live (zero while connected and caught up). */
	public Duration downFor() {
		Instant since = this.downSince;
		return (since != null) ? Duration.between(since, this.clock.instant()) : Duration.ZERO;
	}

	private Flux<ServerSentEvent<String>> follow() {
		Duration min = this.properties.reconnectMinBackoff();
		return Flux.defer(this::connect)
			.concatWith(Flux.error(() -> new FeedEndedException()))
			.doOnNext(this::onEvent)
			.doOnError(this::onDrop)
			// transientErrors: the backoff restarts from its minimum once an event has arrived.
			.retryWhen(Retry.backoff(Long.MAX_VALUE, min).maxBackoff(this.properties.reconnectMaxBackoff())
				.jitter(0.5)
				.transientErrors(true));
	}

	private Flux<ServerSentEvent<String>> connect() {
		return this.web.get()
			.uri(this.uri)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				if (this.cursor != null) {
					headers.set("Last-Event-ID", this.cursor);
				}
				if (this.follower != null) {
					headers.set(FOLLOWER_HEADER, this.follower);
				}
			})
			.retrieve()
			.bodyToFlux(EVENTS)
			.timeout(this.properties.silenceTimeout());
	}

	private void onEvent(ServerSentEvent<String> event) {
		if ("revocations".equals(event.event()) && event.data() != null) {
			recordPage(event.data());
			resumeFrom(event.id());
		}
		else if ("caught-up".equals(event.event())) {
			resumeFrom(event.id());
			if (!this.connected) {
				logger.info("Revocation feed live at cursor " + this.cursor + " (" + this.revoked.size()
						+ " revoked sessions held)");
			}
			this.connected = true;
			this.caughtUp = true;
			this.downSince = null;
		}
	}

	/**
	 * The service's event id is where to resume, taken as it is (not as a maximum, and not read): it
	 * names the store incarnation as well as the position ({@code "<incarnation>.<cursor>"}, or a plain
	 * number from a service from before incarnations), and only the service can tell whether it still
	 * holds. An id that is missing, longer than {@value #MAX_EVENT_ID} characters or not printable
	 * ASCII is ignored: the feed then resumes from the previous one, which only re-reads more.
	 */
	private void resumeFrom(String id) {
		if (id != null && isResumable(id)) {
			this.cursor = id;
		}
		else if (id != null) {
			logger.warn("Ignored a revocation feed event id that cannot be sent back (" + id.length() + " characters)");
		}
	}

	private static boolean isResumable(String id) {
		return !id.isEmpty() && id.length() <= MAX_EVENT_ID && id.chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

	private void recordPage(String data) {
		JsonNode page;
		try {
			page = this.json.readTree(data).get("revocations");
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped an unreadable revocation feed event: " + ex.getMessage());
			return;
		}
		if (page != null) {
			page.forEach(this::recordOne);
		}
	}

	/**
	 * A malformed entry is skipped and counted in {@code ...feed.malformed}: failing the connection
	 * instead would only read the same page again after reconnecting, for ever.
	 */
	private void recordOne(JsonNode revocation) {
		try {
			record(revocation);
		}
		catch (RuntimeException ex) {
			this.malformed.increment();
			logger.warn("Skipped a malformed revocation feed entry: " + ex);
		}
	}

	private void record(JsonNode revocation) {
		UUID sessionId = UUID.fromString(revocation.get("sid").asString());
		Instant validUntil = instant(revocation.get("valid_until"));
		this.revoked.add(sessionId, validUntil);
		this.events.increment();
		JsonNode revokedAt = revocation.get("revoked_at");
		if (revokedAt != null && !revokedAt.isNull()) {
			this.lastLagSeconds = Duration.between(instant(revokedAt), this.clock.instant()).toMillis() / 1000.0;
		}
	}

	private void onDrop(Throwable failure) {
		this.reconnects.increment();
		boolean wasConnected = this.connected;
		this.connected = false;
		if (this.downSince == null) {
			this.downSince = this.clock.instant();
		}
		if (wasConnected || logger.isDebugEnabled()) {
			String message = "Revocation feed " + this.uri + " dropped (" + describe(failure) + "); reconnecting from cursor "
					+ this.cursor;
			if (wasConnected) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
		}
		if (failure instanceof WebClientResponseException.Unauthorized) {
			logger.error("The token service rejected the gateway's client credentials for the revocation feed: check "
					+ "gatehouse.gateway.client-id / GATEHOUSE_GATEWAY_CLIENT_SECRET");
		}
	}

	private static String describe(Throwable failure) {
		if (failure instanceof WebClientResponseException response) {
			return "HTTP " + response.getStatusCode().value();
		}
		return (failure.getMessage() != null) ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
				: failure.getClass().getSimpleName();
	}

	private static Instant instant(JsonNode value) {
		if (value.isNumber()) {
			return Instant.ofEpochMilli((long) (value.asDouble() * 1000));
		}
		return Instant.parse(value.asString());
	}

	private static final class FeedEndedException extends RuntimeException {

		FeedEndedException() {
			super("the token service closed the feed", null, false, false);
		}

	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The gateways following this replica's revocation feed, as each says in the
 * {@value #HEADER} request header ({@code instance=<id>; limits=memory|redis}, and
 * {@code browser-session-cookies=<client id>} when its browser mode gives that client's users cookies
 * that end with the browser), so the configuration doctor can tell how many there are, whether each
 * counts brute-force limits on its own, and which client's sessions end when the browser closes.
 *
 * <p>Invariant: at most {@link #CAPACITY} instances are held; an instance is held while it has a
 * feed open (unless {@link #CAPACITY} instances with open feeds were held when it connected) and
 * for at most {@link #RETENTION} after its last feed closed, measured from that close.
 */
@Component
public final class FeedFollowers {

	/** The request header a gateway describes itself in. */
	public static final String HEADER = "Gatehouse-Follower";

	/** The most instances held: a bound on memory whatever the callers send. */
	static final int CAPACITY = 1_000;

	/** How long an instance is remembered after its last feed closed: a gateway reconnecting is not new. */
	static final Duration RETENTION = Duration.ofMinutes(2);

	private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final int MAX_HEADER = 256;

	private final Map<String, Entry> followers = new HashMap<>();

	private final Clock clock;

	private final int capacity;

	@Autowired
	public FeedFollowers(Clock clock) {
		this(clock, CAPACITY);
	}

	FeedFollowers(Clock clock, int capacity) {
		this.clock = clock;
		this.capacity = capacity;
	}

	/** How a gateway counts brute-force attempts. */
	public enum Limits {

		/** In its own memory: each replica counts alone. */
		MEMORY,

		/** In Redis, shared by every replica. */
		REDIS,

		/** Not said. */
		UNKNOWN

	}

	/**
	 * A gateway following the feed.
	 *
	 * @param instance the id it sent, random per gateway process
	 * @param limits how it counts brute-force attempts
	 * @param openFeeds how many feeds it has open now
	 * @param browserSessionClient the client whose users get browser-session cookies from it, or {@code null}
	 */
	public record Follower(String instance, Limits limits, int openFeeds, String browserSessionClient) {

		public Follower(String instance, Limits limits, int openFeeds) {
			this(instance, limits, openFeeds, null);
		}

	}

	/** A follower's description, read from {@value #HEADER}; empty when absent or not readable. */
	record Report(String instance, Limits limits, String browserSessionClient) {

		Report(String instance, Limits limits) {
			this(instance, limits, null);
		}

		static Optional<Report> parse(String header) {
			if (header == null || header.length() > MAX_HEADER) {
				return Optional.empty();
			}
			String instance = null;
			Limits limits = Limits.UNKNOWN;
			String browserSessionClient = null;
			for (String part : header.split(";")) {
				int equals = part.indexOf('=');
				if (equals < 0) {
					continue;
				}
				String name = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
				String value = part.substring(equals + 1).trim();
				if (name.equals("instance") && INSTANCE.matcher(value).matches()) {
					instance = value;
				}
				else if (name.equals("browser-session-cookies") && INSTANCE.matcher(value).matches()) {
					browserSessionClient = value;
				}
				else if (name.equals("limits")) {
					limits = switch (value.toLowerCase(Locale.ROOT)) {
						case "memory" -> Limits.MEMORY;
						case "redis" -> Limits.REDIS;
						default -> Limits.UNKNOWN;
					};
				}
			}
			return (instance != null) ? Optional.of(new Report(instance, limits, browserSessionClient))
					: Optional.empty();
		}

	}

	/** A feed of {@code report}'s instance opened now; returns whether it is held. */
	boolean opened(Report report) {
		return opened(report, this.clock.instant());
	}

	/** A feed of {@code instance} closed now. */
	void closed(String instance) {
		closed(instance, this.clock.instant());
	}

	/** The followers now, their ids in order. */
	public List<Follower> current() {
		return current(this.clock.instant());
	}

	synchronized boolean opened(Report report, Instant now) {
		forgetExpired(now);
		Entry entry = this.followers.get(report.instance());
		if (entry == null) {
			if (this.followers.size() >= this.capacity && !evictOldestClosed()) {
				return false;
			}
			entry = new Entry();
			this.followers.put(report.instance(), entry);
		}
		entry.limits = report.limits();
		entry.browserSessionClient = report.browserSessionClient();
		entry.openFeeds++;
		return true;
	}

	synchronized void closed(String instance, Instant now) {
		Entry entry = this.followers.get(instance);
		if (entry != null && entry.openFeeds > 0) {
			entry.openFeeds--;
			if (entry.openFeeds == 0) {
				entry.lastClosed = now;
			}
		}
		forgetExpired(now);
	}

	synchronized List<Follower> current(Instant now) {
		forgetExpired(now);
		return this.followers.entrySet()
			.stream()
			.map((each) -> new Follower(each.getKey(), each.getValue().limits, each.getValue().openFeeds,
					each.getValue().browserSessionClient))
			.sorted(Comparator.comparing(Follower::instance))
			.toList();
	}

	private void forgetExpired(Instant now) {
		this.followers.values()
			.removeIf((entry) -> entry.openFeeds == 0 && !now.isBefore(entry.lastClosed.plus(RETENTION)));
	}

	private boolean evictOldestClosed() {
		return this.followers.entrySet()
			.stream()
			.filter((each) -> each.getValue().openFeeds == 0)
			.min(Comparator.comparing((Map.Entry<String, Entry> each) -> each.getValue().lastClosed))
			.map((oldest) -> this.followers.remove(oldest.getKey()) != null)
			.orElse(false);
	}

	/** One instance's state: its limits, its open feeds, and when the last of them closed. */
	private static final class Entry {

		private Limits limits = Limits.UNKNOWN;

		private String browserSessionClient;

		private int openFeeds;

		private Instant lastClosed = Instant.MIN;

	}

}

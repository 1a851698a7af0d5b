package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import io.gatehouse.gateway.auth.InvalidTokenException;
import io.gatehouse.gateway.auth.InvalidTokenReason;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.auth.ValidatedToken;
import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * The hybrid check: a token whose {@code sid} the revocation feed reported ended is rejected as
 * {@code revoked}; one in-memory lookup per request. While the feed has been down longer than
 * {@link RevocationFeedProperties#downThreshold()}, a {@code feed-down: closed} route answers 503
 * and any other route keeps serving with stateless semantics, counted in
 * {@code gatehouse.gateway.revocation.fail.open} and logged once per outage. Until the feed has
 * caught up once since startup, every hybrid route answers 503: a gateway that was never in sync
 * does not know which sessions ended before it started.
 */
public final class HybridSessionCheck implements SessionCheck {

	private static final Log logger = LogFactory.getLog(HybridSessionCheck.class);

	private final RevokedSessions revoked;

	private final RevocationFeedClient feed;

	private final Duration downThreshold;

	private final Counter failOpen;

	private final AtomicBoolean failOpenLogged = new AtomicBoolean();

	public HybridSessionCheck(RevokedSessions revoked, RevocationFeedClient feed, Duration downThreshold,
			MeterRegistry meters) {
		this.revoked = revoked;
		this.feed = feed;
		this.downThreshold = downThreshold;
		this.failOpen = meters.counter("gatehouse.gateway.revocation.fail.open");
	}

	@Override
	public Mono<Void> check(String token, ValidatedToken valid, RoutePolicy policy) {
		if (this.revoked.contains(valid.sessionId())) {
			return Mono.error(new InvalidTokenException(InvalidTokenReason.REVOKED));
		}
		if (!this.feed.isCaughtUp()) {
			// Never in sync since start: it cannot know which sessions ended before it, so it refuses to
			// guess (fail-open is for a feed that drops after the gateway has caught up). A hybrid route
			// added by a route refresh finds the feed not started yet: start it here, off the hot path.
			if (!this.feed.isStarted()) {
				this.feed.start();
			}
			return Mono.error(new UnavailableException("the gateway has not caught up on the revocation feed yet"));
		}
		Duration down = this.feed.downFor();
		if (feedUp(down)) {
			return Mono.empty();
		}
		if (policy.failClosedWhenFeedDown()) {
			return Mono.error(new UnavailableException("the revocation feed has been down for " + down.toSeconds() + "s"));
		}
		this.failOpen.increment();
		if (this.failOpenLogged.compareAndSet(false, true)) {
			logger.warn("Revocation feed down for " + down.toSeconds() + "s: hybrid routes now serve with stateless "
					+ "semantics (sessions ended since are accepted until their tokens expire); feed-down: closed routes "
					+ "answer 503");
		}
		return Mono.empty();
	}

	@Override
	public boolean clearsAtOnce(String token, ValidatedToken valid, RoutePolicy policy) {
		return !this.revoked.contains(valid.sessionId()) && this.feed.isCaughtUp() && feedUp(this.feed.downFor());
	}

	private boolean feedUp(Duration down) {
		if (down.compareTo(this.downThreshold) > 0) {
			return false;
		}
		// Read before writing: an unconditional write on every request would bounce this shared
		// cache line between the event-loop threads.
		if (this.failOpenLogged.get()) {
			this.failOpenLogged.set(false);
		}
		return true;
	}

}

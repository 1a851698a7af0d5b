package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@link StoreIncarnations#open(java.time.Instant) Opens} the store's feed incarnation at every
 * start, before the web server takes requests: a session ended by this replica must not take an id
 * below the floor, where a gateway's cursor from before a restore would hide it.
 */
@Component
final class StoreIncarnationOpening implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StoreIncarnationOpening.class);

	private static final Duration LIMIT = Duration.ofSeconds(60);

	private final StoreIncarnations incarnations;

	private final Clock clock;

	private volatile boolean running;

	StoreIncarnationOpening(StoreIncarnations incarnations, Clock clock) {
		this.incarnations = incarnations;
		this.clock = clock;
	}

	@Override
	public void start() {
		StoreIncarnation opened = this.incarnations.open(this.clock.instant()).block(LIMIT);
		if (opened != null) {
			logger.info("Revocation feed: store incarnation " + opened.incarnation() + ", ids from "
					+ opened.issuedThrough());
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Before the web server (WebServerStartStopLifecycle runs at a later phase) and the poller.
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}

package io.gatehouse.gateway.config;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a background component's start and stop with the application context, in a given phase
 * (lower phases start earlier; the web server opens its port at
 * {@code SmartLifecycle.DEFAULT_PHASE - 2048}).
 */
final class StartStopLifecycle implements SmartLifecycle {

	private final Runnable start;

	private final Runnable stop;

	private final int phase;

	private volatile boolean running;

	StartStopLifecycle(Runnable start, Runnable stop, int phase) {
		this.start = start;
		this.stop = stop;
		this.phase = phase;
	}

	@Override
	public void start() {
		this.start.run();
		this.running = true;
	}

	@Override
	public void stop() {
		this.stop.run();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.gatehouse.tokenservice.web.RequestArrival;

/**
 * Simulates the time a request spends queueing inside the service (for a connection, a rotation
 * statement, a session row) between its arrival and its decision, without sleeping. It runs right
 * after {@link RequestArrival} has stamped the arrival: a request with {@link #DELAY} (an ISO-8601
 * duration) moves the {@link MutableClock} on by that much; a request with {@link #HOLD} waits until
 * {@link #release()}, so a test can move the clock while a whole crowd of requests is in flight.
 */
public final class SimulatedQueue implements WebFilter, Ordered {

	public static final String DELAY = "X-Test-Queue-Delay";

	public static final String HOLD = "X-Test-Queue-Hold";

	private final MutableClock clock;

	private final AtomicReference<CountDownLatch> held = new AtomicReference<>(new CountDownLatch(0));

	private final AtomicReference<Sinks.Empty<Void>> gate = new AtomicReference<>(Sinks.empty());

	public SimulatedQueue(MutableClock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String delay = exchange.getRequest().getHeaders().getFirst(DELAY);
		if (delay != null) {
			this.clock.advance(Duration.parse(delay));
		}
		if (exchange.getRequest().getHeaders().containsHeader(HOLD)) {
			Mono<Void> open = this.gate.get().asMono();
			this.held.get().countDown();
			return open.then(chain.filter(exchange));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return RequestArrival.ORDER + 1;
	}

	/** Closes the gate for the next {@code count} held requests. */
	public void expect(int count) {
		this.gate.set(Sinks.empty());
		this.held.set(new CountDownLatch(count));
	}

	/** Waits (bounded) until the expected number of held requests has arrived. */
	public boolean awaitHeld(Duration timeout) throws InterruptedException {
		return this.held.get().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Lets every held request go on. */
	public void release() {
		this.gate.get().tryEmitEmpty();
	}

}

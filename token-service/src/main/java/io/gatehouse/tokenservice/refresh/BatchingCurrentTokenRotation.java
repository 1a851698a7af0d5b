package io.gatehouse.tokenservice.refresh;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * {@link CurrentTokenRotation} on PostgreSQL: {@link PostgresBatchRotation}'s one statement, with
 * refreshes arriving together grouped into one statement and one commit (group commit). At most {@code statementsInFlight} rotation statements run at a
 * time; a refresh that arrives while they are all busy waits for the next one, which takes every
 * waiting refresh (up to {@code batchSize}). An idle service therefore sends each refresh at once,
 * alone, and a busy one pays the statement's fixed cost (planning, executor start-up, commit, WAL
 * flush, round trip) once per batch instead of once per refresh.
 * <p>
 * A batch is all-or-nothing: if its statement fails for a reason one request can cause (a deadlock
 * with another statement over two sessions, a constraint), it rolls back and each of its refreshes
 * is tried again on its own, so one refresh's trouble never becomes another's error. Any other
 * failure (database unreachable, pool exhausted) fails the whole batch, and the token endpoint
 * answers 503. Every statement is bounded by the store timeout, so a hung connection cannot hold
 * the queue, and a request given up before its statement starts leaves the queue unsent (the queue
 * holds at most one entry per request in flight).
 * <p>
 * A statement is stamped with the clock's instant when it starts, not when its requests arrived: the
 * time spent waiting here is before the rotation, so the predecessor's grace (measured from the
 * rotation to a racer's arrival) does not shrink by it.
 */
final class BatchingCurrentTokenRotation implements CurrentTokenRotation {

	/** SQLSTATE class 40: deadlock detected, serialisation failure. */
	private static final String TRANSACTION_ROLLBACK = "40";

	/** SQLSTATE class 23: unique, foreign-key and other constraint violations. */
	private static final String INTEGRITY_CONSTRAINT_VIOLATION = "23";

	private final PostgresBatchRotation statement;

	private final int statementsInFlight;

	private final int batchSize;

	private final Duration storeTimeout;

	private final DistributionSummary batchSizes;

	private final Clock clock;

	private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

	private int running;

	BatchingCurrentTokenRotation(PostgresBatchRotation statement, int statementsInFlight, int batchSize,
			Duration storeTimeout, MeterRegistry meters, Clock clock) {
		this.statement = statement;
		this.clock = clock;
		this.statementsInFlight = statementsInFlight;
		this.batchSize = batchSize;
		this.storeTimeout = storeTimeout;
		this.batchSizes = DistributionSummary.builder("gatehouse.refresh.rotation.batch.size")
			.description("Refreshes rotated by one PostgreSQL statement")
			.register(meters);
	}

	@Override
	public Mono<RotationResult.Rotated> rotate(String hash, String successor, RegisteredClient client,
			RequestOrigin origin) {
		RotationRequest request = new RotationRequest(hash, successor, client, origin);
		return Mono.create((sink) -> {
			Waiting waiting = new Waiting(request, sink);
			synchronized (this.waiting) {
				this.waiting.add(waiting);
			}
			// A request given up (timed out, client gone) before its statement starts is never sent.
			sink.onCancel(() -> {
				synchronized (this.waiting) {
					this.waiting.remove(waiting);
				}
			});
			startStatements();
		});
	}

	/** Starts statements for the waiting refreshes while fewer than the limit are running. */
	private void startStatements() {
		while (true) {
			List<Waiting> next;
			synchronized (this.waiting) {
				if (this.running >= this.statementsInFlight || this.waiting.isEmpty()) {
					return;
				}
				next = new ArrayList<>(Math.min(this.waiting.size(), this.batchSize));
				while (next.size() < this.batchSize && !this.waiting.isEmpty()) {
					next.add(this.waiting.poll());
				}
				this.running++;
			}
			run(next);
		}
	}

	private void run(List<Waiting> next) {
		// Exactly one outcome per statement frees its slot, even if answering a request throws.
		AtomicBoolean settled = new AtomicBoolean();
		try {
			this.batchSizes.record(next.size());
			List<RotationRequest> requests = next.stream().map(Waiting::request).toList();
			this.statement.rotate(requests, this.clock.instant()).timeout(this.storeTimeout).subscribe((rotated) -> {
				if (settled.compareAndSet(false, true)) {
					statementDone();
					for (int i = 0; i < next.size(); i++) {
						next.get(i).sink().success(rotated.get(i));
					}
				}
			}, (error) -> {
				if (settled.compareAndSet(false, true)) {
					statementDone();
					failed(next, error);
				}
			});
		}
		catch (RuntimeException ex) {
			if (settled.compareAndSet(false, true)) {
				statementDone();
				next.forEach((each) -> each.sink().error(ex));
			}
		}
	}

	/**
	 * A batch that one of its requests may have broken (a deadlock, a serialisation failure, a
	 * constraint) is retried request by request; anything else (the database unreachable, the pool
	 * exhausted, the store timeout) fails every request of it, as it would have failed each alone.
	 */
	private void failed(List<Waiting> batch, Throwable error) {
		if (batch.size() > 1 && causedByOneRequest(error)) {
			batch.forEach(this::runAlone);
		}
		else {
			batch.forEach((each) -> each.sink().error(error));
		}
	}

	private static boolean causedByOneRequest(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
				String state = r2dbc.getSqlState();
				return state.startsWith(TRANSACTION_ROLLBACK) || state.startsWith(INTEGRITY_CONSTRAINT_VIOLATION);
			}
		}
		return false;
	}

	/** A refresh whose batch failed: on its own, outside the limit, since it has already waited its turn. */
	private void runAlone(Waiting alone) {
		this.statement.rotate(List.of(alone.request()), this.clock.instant())
			.timeout(this.storeTimeout)
			.subscribe((rotated) -> alone.sink().success(rotated.get(0)), alone.sink()::error);
	}

	/** Frees the statement's slot and lets the refreshes that waited for it go before answering this batch. */
	private void statementDone() {
		synchronized (this.waiting) {
			this.running--;
		}
		startStatements();
	}

	private record Waiting(RotationRequest request, MonoSink<RotationResult.Rotated> sink) {
	}

}

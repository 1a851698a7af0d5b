package io.gatehouse.tokenservice.session;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;

/**
 * Why sessions begin and end, as counters: {@code gatehouse_sessions_started_total{client, method}}
 * and {@code gatehouse_sessions_ended_total{client, reason}}. (Not {@code sessions_created}: OpenMetrics
 * reserves the {@code _created} suffix for a counter's creation time, and the Prometheus client strips
 * it, which would export the counter as {@code gatehouse_sessions_total}.)
 *
 * <p>Invariant: a session adds exactly one to {@code ended}, under the reason stored with it — by the
 * call whose conditional update ended it, once its transaction has committed (a session that had timed
 * out counts under its timeout, whichever action ended it) — and one to {@code created} when its row commits;
 * a rolled-back change (a retried refresh, an aborted password change) counts nothing. Each
 * replica counts the ends it performed, so the sum over replicas is the number of sessions ended.
 * Every configured client's series exist from startup at 0, so {@code rate()} and alerts see the
 * first end too.
 */
@Component
public final class SessionMetrics {

	static final String ENDED = "gatehouse.sessions.ended";

	static final String STARTED = "gatehouse.sessions.started";

	private final MeterRegistry meters;

	SessionMetrics(MeterRegistry meters, ClientRegistry clients) {
		this.meters = meters;
		for (RegisteredClient client : clients.all()) {
			for (SessionEndReason reason : SessionEndReason.values()) {
				endedCounter(client.id(), reason);
			}
			for (SignInMethod method : SignInMethod.values()) {
				createdCounter(client.id(), method);
			}
		}
	}

	/** Counts one session of {@code clientId} ended for {@code reason}, after the current transaction commits. */
	Mono<Void> ended(String clientId, SessionEndReason reason) {
		return afterCommit(() -> endedCounter(clientId, reason).increment());
	}

	/**
	 * Counts the sessions of a set-based end, per client and the reason each ended with (the caller's, or
	 * the timeout of one that had timed out), after the current transaction commits.
	 */
	Mono<Void> ended(Map<String, Map<SessionEndReason, Long>> endedPerClientAndReason) {
		return afterCommit(() -> endedPerClientAndReason.forEach((clientId, reasons) -> reasons
			.forEach((reason, count) -> endedCounter(clientId, reason).increment(count))));
	}

	/** Counts one session created for {@code clientId} by {@code method}, after the current transaction commits. */
	Mono<Void> created(String clientId, SignInMethod method) {
		return afterCommit(() -> createdCounter(clientId, method).increment());
	}

	private Counter endedCounter(String clientId, SessionEndReason reason) {
		return Counter.builder(ENDED)
			.description("Sessions ended, by client and end reason (once per session)")
			.tag("client", clientId)
			.tag("reason", reason.code())
			.register(this.meters);
	}

	private Counter createdCounter(String clientId, SignInMethod method) {
		return Counter.builder(STARTED)
			.description("Sessions created, by client and sign-in method")
			.tag("client", clientId)
			.tag("method", method.code())
			.register(this.meters);
	}

	/**
	 * Runs {@code count} once the surrounding reactive transaction has committed, or at once when
	 * there is none (the change is already durable).
	 */
	private static Mono<Void> afterCommit(Runnable count) {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.filter(TransactionSynchronizationManager::isSynchronizationActive)
			.flatMap((synchronization) -> {
				synchronization.registerSynchronization(new TransactionSynchronization() {
					@Override
					public Mono<Void> afterCommit() {
						return Mono.fromRunnable(count);
					}
				});
				return Mono.just(true);
			})
			.onErrorResume(NoTransactionException.class, (none) -> Mono.empty())
			.switchIfEmpty(Mono.fromRunnable(count).thenReturn(false))
			.then();
	}

}

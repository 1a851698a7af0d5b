package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The attempt limits of {@link PasswordChangeProperties} on checking a current password, kept in the
 * database so every replica sees the same count. Invariant: at most {@code session-failures} wrong
 * passwords per session in any {@code session-window}, and {@code user-failures} per user in any
 * {@code user-window}, are ever checked. It holds under concurrency because an attempt is
 * <em>reserved</em> before its password is checked: under the user's row lock, the recent
 * {@code password_change_failed} events and the attempts still in flight are counted and, if both
 * limits allow, a {@code password_change_pending} event is recorded. The check then settles it: a
 * wrong password {@link #failed turns it} into {@code password_change_failed}, a right one into
 * {@code password_changed} in the change's own transaction. A change that aborts (store down, store
 * timeout) was no wrong password: the reservation becomes {@code password_change_aborted} if the
 * store can still be told, and a reservation left pending stops counting once no change can still
 * be running ({@link PasswordChange#longestChange}). Two replicas reserving for one user therefore
 * serialise, and the Argon2 check runs outside the lock.
 */
@Component
final class PasswordAttempts {

	private final AuditTrail audit;

	private final UserService users;

	private final TransactionalOperator transaction;

	private final PasswordChangeProperties properties;

	private final Duration inFlight;

	private final Clock clock;

	PasswordAttempts(AuditTrail audit, UserService users, TransactionalOperator transaction,
			PasswordChangeProperties properties, SessionProperties sessions, Clock clock) {
		this.audit = audit;
		this.users = users;
		this.transaction = transaction;
		this.properties = properties;
		this.inFlight = PasswordChange.longestChange(sessions.storeTimeout());
		this.clock = clock;
	}

	/**
	 * Reserves one attempt for {@code session}: emits the id of its pending event, or fails with 429
	 * {@code too_many_requests} and {@code Retry-After} when a limit is reached (then nothing is
	 * recorded, so waiting is all it takes).
	 */
	Mono<Long> reserve(Session session, RequestOrigin origin) {
		return Mono.defer(() -> {
			Instant now = this.clock.instant();
			AttemptLimit perSession = this.properties.perSession();
			AttemptLimit perUser = this.properties.perUser();
			return this.users.lock(session.userId())
				.then(Mono.zip(
						this.audit.recentOfSession(session.id(), SessionEventReason.PASSWORD_CHANGE_FAILED,
								perSession.countsAfter(now), SessionEventReason.PASSWORD_CHANGE_PENDING, inFlightAfter(now),
								perSession.maxFailures()).collectList(),
						this.audit.recentOfUser(session.userId(), SessionEventReason.PASSWORD_CHANGE_FAILED,
								perUser.countsAfter(now), SessionEventReason.PASSWORD_CHANGE_PENDING, inFlightAfter(now),
								perUser.maxFailures()).collectList()))
				.flatMap((recent) -> {
					Optional<Duration> wait = longer(perSession.retryAfter(recent.getT1(), now),
							perUser.retryAfter(recent.getT2(), now));
					if (wait.isPresent()) {
						return Mono.error(OAuthError
							.tooManyRequests("too many wrong current passwords; retry later", wait.get())
							.exception());
					}
					return this.audit.recordReturningId(SessionService.event(session, origin,
							SessionEventReason.PASSWORD_CHANGE_PENDING, "checking the current password", now));
				})
				.as(this.transaction::transactional);
		});
	}

	/** The reserved attempt had a wrong password: from now on it counts as a failure for its whole window. */
	Mono<Void> failed(long attempt) {
		return this.audit.reclassifyIf(attempt, SessionEventReason.PASSWORD_CHANGE_PENDING,
				SessionEventReason.PASSWORD_CHANGE_FAILED, "wrong current password");
	}

	/** The reserved attempt had the right password: it is no failure, and must not count as one. */
	Mono<Void> succeeded(long attempt) {
		return this.audit.reclassifyIf(attempt, SessionEventReason.PASSWORD_CHANGE_PENDING,
				SessionEventReason.PASSWORD_CHANGED, "password changed from this session");
	}

	/**
	 * The change of the reserved attempt did not complete (nothing of it committed): the attempt is
	 * no failure. Only a reservation still pending is touched, so a change that did commit (its
	 * answer lost to a timeout) keeps its {@code password_changed}.
	 */
	Mono<Void> aborted(long attempt) {
		return this.audit.reclassifyIf(attempt, SessionEventReason.PASSWORD_CHANGE_PENDING,
				SessionEventReason.PASSWORD_CHANGE_ABORTED, "the password change did not complete; nothing changed");
	}

	/** An attempt reserved after this instant may still be in flight, and counts as the failure it may become. */
	private Instant inFlightAfter(Instant now) {
		return now.minus(this.inFlight);
	}

	private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
		List<Duration> waits = List.of(a, b).stream().flatMap(Optional::stream).sorted().toList();
		return waits.isEmpty() ? Optional.empty() : Optional.of(waits.get(waits.size() - 1));
	}

}

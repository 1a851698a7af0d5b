package io.gatehouse.tokenservice.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.Session;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionRepository;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Refresh-token rotation with reuse detection (OAuth 2.0 Security BCP §4.14.2), in one transaction
 * per refresh:
 * <ul>
 * <li>the current token is consumed and its successor stored; the session's idle expiry moves on
 * but never past its absolute expiry;</li>
 * <li>the <em>immediate predecessor</em> of the current token, presented within the client's reuse
 * grace after the rotation, gets a valid sibling of the current token (two tabs, a lost
 * response); the session lives on;</li>
 * <li>any other consumed token (older generations, or the predecessor after the grace) revokes the
 * whole session: {@code reuse_detected}, then {@code revoked_reuse_detected}.</li>
 * </ul>
 * Concurrent refreshes of one token serialise on the session row: exactly one advances the chain,
 * the others see its result and fall under the grace rule (or reuse detection when the grace is 0).
 * The common case, a current token of a live session, first tries the store's
 * {@link CurrentTokenRotation} (one statement on PostgreSQL); everything else, and every refresh on
 * a store without it, is decided here in a transaction.
 * <p>
 * A single statement commits on its own: if the store is so slow that the request is answered 503
 * but the statement commits afterwards, the client still holds the predecessor of the current token.
 * Its retry is then a grace reuse, which is why only clients whose reuse grace outlasts the store
 * timeout plus the {@code Retry-After} take the one-statement path. Clients with a shorter grace (or
 * none) take the transactional path, which rolls back when the request times out before commit.
 */
@Service
public class RefreshTokenRotation {

	static final String UNKNOWN = "unknown";

	static final String CLIENT_MISMATCH = "client_mismatch";

	private static final int MAX_ATTEMPTS = 3;

	private final CurrentTokenRotation currentToken;

	private final RefreshTokenRepository tokens;

	private final SessionRepository sessions;

	private final SessionService sessionService;

	private final AuditTrail audit;

	private final TransactionalOperator transaction;

	private final Clock clock;

	/** A reuse grace longer than this covers a retry after a 503 whose statement committed late. */
	private final Duration retryAfterTimeout;

	RefreshTokenRotation(CurrentTokenRotation currentToken, RefreshTokenRepository tokens, SessionRepository sessions,
			SessionService sessionService, AuditTrail audit, TransactionalOperator transaction, Clock clock,
			SessionProperties properties) {
		this.currentToken = currentToken;
		this.retryAfterTimeout = properties.storeTimeout().plusSeconds(OAuthError.RETRY_AFTER_SECONDS);
		this.tokens = tokens;
		this.sessions = sessions;
		this.sessionService = sessionService;
		this.audit = audit;
		this.transaction = transaction;
		this.clock = clock;
	}

	public Mono<RotationResult> rotate(String presentedToken, RegisteredClient client, RequestOrigin origin) {
		if (!RefreshTokens.isWellFormed(presentedToken)) {
			return Mono.just(new RotationResult.Rejected(UNKNOWN));
		}
		String hash = RefreshTokens.hash(presentedToken);
		if (client.policy().reuseGrace().compareTo(this.retryAfterTimeout) <= 0) {
			return decideInTransaction(hash, client, origin);
		}
		return this.currentToken.rotate(hash, RefreshTokens.generate(), client, origin, this.clock.instant())
			.cast(RotationResult.class)
			.switchIfEmpty(Mono.defer(() -> decideInTransaction(hash, client, origin)));
	}

	private Mono<RotationResult> decideInTransaction(String hash, RegisteredClient client, RequestOrigin origin) {
		return this.tokens.findByHash(hash)
			.flatMap((presented) -> decide(hash, presented, client, origin, 1))
			.defaultIfEmpty(new RotationResult.Rejected(UNKNOWN))
			.as(this.transaction::transactional);
	}

	private Mono<RotationResult> decide(String hash, PresentedToken presented, RegisteredClient client,
			RequestOrigin origin, int attempt) {
		Session session = presented.session();
		if (!session.clientId().equals(client.id())) {
			return rejected(CLIENT_MISMATCH);
		}
		if (session.isEnded()) {
			return rejected(session.endReason());
		}
		Instant now = this.clock.instant();
		SessionEndReason expiry = session.expiryAt(now);
		if (expiry != null) {
			return expire(session, expiry, client, origin, now);
		}
		if (presented.generation() == session.generation()) {
			return advance(hash, presented, client, origin, now, attempt);
		}
		if (presented.generation() == session.generation() - 1 && withinGrace(session, client, now)) {
			return grace(hash, presented, client, origin, now, attempt);
		}
		return reuseDetected(presented, origin, now);
	}

	private Mono<RotationResult> advance(String hash, PresentedToken presented, RegisteredClient client,
			RequestOrigin origin, Instant now, int attempt) {
		Session session = presented.session();
		Instant idle = now.plus(client.policy().refreshIdleTimeout());
		Instant idleExpiresAt = idle.isBefore(session.absoluteExpiresAt()) ? idle : session.absoluteExpiresAt();
		return this.sessions.advance(session.id(), session.generation(), now, idleExpiresAt).flatMap((advanced) -> {
			if (advanced != 1) {
				return retry(hash, client, origin, attempt);
			}
			Session rotated = new Session(session.id(), session.userId(), session.clientId(), session.scope(),
					session.createdAt(), now, idleExpiresAt, session.absoluteExpiresAt(), session.generation() + 1,
					session.userAgent(), session.ipAddress(), null, null);
			return issue(rotated, presented, origin, SessionEventReason.REFRESHED, null, now);
		});
	}

	private Mono<RotationResult> grace(String hash, PresentedToken presented, RegisteredClient client,
			RequestOrigin origin, Instant now, int attempt) {
		Session session = presented.session();
		String detail = "generation " + presented.generation() + " presented "
				+ Duration.between(session.lastRefreshedAt(), now).toMillis() + " ms after its rotation";
		return this.sessions.lockAtGeneration(session.id(), session.generation())
			.flatMap((locked) -> (locked == 1)
					? issue(session, presented, origin, SessionEventReason.REUSE_GRACE_USED, detail, now)
					: retry(hash, client, origin, attempt));
	}

	private Mono<RotationResult> issue(Session session, PresentedToken presented, RequestOrigin origin, String reason,
			String detail, Instant now) {
		String successor = RefreshTokens.generate();
		return this.tokens.insert(RefreshTokens.hash(successor), session.id(), session.generation(), now)
			.then(this.audit.record(SessionService.event(session, origin, reason, detail, now)))
			.thenReturn(new RotationResult.Rotated(session, successor, presented.username(), presented.roles()));
	}

	private Mono<RotationResult> reuseDetected(PresentedToken presented, RequestOrigin origin, Instant now) {
		Session session = presented.session();
		String detail = "generation " + presented.generation() + " presented, current is " + session.generation();
		return this.audit.record(SessionService.event(session, origin, SessionEventReason.REUSE_DETECTED, detail, now))
			.then(this.sessionService.endWithin(session, SessionEndReason.REVOKED_REUSE_DETECTED, origin, detail, now))
			.then(rejected(SessionEndReason.REVOKED_REUSE_DETECTED.code()));
	}

	private Mono<RotationResult> expire(Session session, SessionEndReason expiry, RegisteredClient client,
			RequestOrigin origin, Instant now) {
		String detail = (expiry == SessionEndReason.EXPIRED_ABSOLUTE)
				? "absolute lifetime " + client.policy().refreshAbsoluteLifetime() + " reached"
				: "idle timeout " + client.policy().refreshIdleTimeout() + " exceeded";
		return this.sessionService.endWithin(session, expiry, origin, detail, now)
			.flatMap((ended) -> ended ? rejected(expiry.code())
					: this.sessionService.find(session.id()).flatMap((current) -> rejected(current.endReason())));
	}

	/** Another request changed the session first: read it again and decide on what it is now. */
	private Mono<RotationResult> retry(String hash, RegisteredClient client, RequestOrigin origin, int attempt) {
		if (attempt >= MAX_ATTEMPTS) {
			return Mono.error(new IllegalStateException("Session kept changing during a refresh"));
		}
		return this.tokens.findByHash(hash)
			.flatMap((fresh) -> decide(hash, fresh, client, origin, attempt + 1))
			.defaultIfEmpty(new RotationResult.Rejected(UNKNOWN));
	}

	private boolean withinGrace(Session session, RegisteredClient client, Instant now) {
		Duration grace = client.policy().reuseGrace();
		return !grace.isZero() && !now.isAfter(session.lastRefreshedAt().plus(grace));
	}

	private static Mono<RotationResult> rejected(String reason) {
		return Mono.just(new RotationResult.Rejected(reason));
	}

}

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
 * response); the session lives on. One generation mints at most the client's
 * {@code reuse-grace-siblings}; a presentation past that cap is treated as reuse, since a legitimate
 * client never needs more. Every grace use is recorded with the presenting address and user agent;</li>
 * <li>any other consumed token (older generations, or the predecessor after the grace) revokes the
 * whole session: {@code reuse_detected}, then {@code revoked_reuse_detected}.</li>
 * </ul>
 * Two instants take part in each refresh. The request's <em>arrival</em> ({@link
 * io.gatehouse.tokenservice.web.RequestArrival}, our clock when the request reached the service,
 * never a client's claim) decides the grace only: the grace is measured from the successor's rotation
 * (the session's {@code last_refreshed_at}) to the request's arrival, so a request that arrived
 * within the grace, or before the rotation, is a race however long it then queued for a
 * connection or the session row. The <em>decision</em> instant ({@code now}, read from the clock
 * when the request is decided) is used for everything else: whether the session has timed out,
 * and every timestamp written (the rotation's {@code last_refreshed_at}, the new idle expiry, the
 * token's {@code issued_at}, the event's time).
 * <p>
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

	/**
	 * Rotates a presented refresh token.
	 * @param presentedToken the token as the client sent it
	 * @param client the authenticated client
	 * @param origin where the request came from, for the timeline
	 * @param arrival when the request reached the service (our clock), for the grace comparison
	 * @return the rotation, or why it was refused
	 */
	public Mono<RotationResult> rotate(String presentedToken, RegisteredClient client, RequestOrigin origin,
			Instant arrival) {
		if (!RefreshTokens.isWellFormed(presentedToken)) {
			return Mono.just(new RotationResult.Rejected(UNKNOWN));
		}
		Presentation presentation = new Presentation(RefreshTokens.hash(presentedToken), client, origin, arrival);
		if (client.policy().reuseGrace().compareTo(this.retryAfterTimeout) <= 0) {
			return decideInTransaction(presentation);
		}
		return this.currentToken.rotate(presentation.hash(), RefreshTokens.generate(), client, origin)
			.cast(RotationResult.class)
			.switchIfEmpty(Mono.defer(() -> decideInTransaction(presentation)));
	}

	private Mono<RotationResult> decideInTransaction(Presentation presentation) {
		return this.tokens.findByHash(presentation.hash())
			.flatMap((presented) -> decide(presentation, presented, 1))
			.defaultIfEmpty(new RotationResult.Rejected(UNKNOWN))
			.as(this.transaction::transactional);
	}

	private Mono<RotationResult> decide(Presentation presentation, PresentedToken presented, int attempt) {
		RegisteredClient client = presentation.client();
		RequestOrigin origin = presentation.origin();
		String hash = presentation.hash();
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
			return advance(presentation, presented, now, attempt);
		}
		if (presented.generation() == session.generation() - 1 && withinGrace(session, client, presentation.arrival())) {
			return grace(presentation, presented, now, attempt);
		}
		return reuseDetected(presented, origin, now, "generation " + presented.generation() + " presented, current is "
				+ session.generation());
	}

	private Mono<RotationResult> advance(Presentation presentation, PresentedToken presented, Instant now,
			int attempt) {
		Session session = presented.session();
		RegisteredClient client = presentation.client();
		Instant idle = now.plus(client.policy().refreshIdleTimeout());
		Instant idleExpiresAt = idle.isBefore(session.absoluteExpiresAt()) ? idle : session.absoluteExpiresAt();
		return this.sessions.advance(session.id(), session.generation(), now, idleExpiresAt).flatMap((advanced) -> {
			if (advanced != 1) {
				return retry(presentation, attempt);
			}
			Session rotated = new Session(session.id(), session.userId(), session.clientId(), session.scope(),
					session.createdAt(), now, idleExpiresAt, session.absoluteExpiresAt(), session.generation() + 1,
					session.userAgent(), session.ipAddress(), null, null);
			return issue(rotated, presented, presentation.origin(), SessionEventReason.REFRESHED, null, now);
		});
	}

	/**
	 * The predecessor within the grace: a sibling of the current token, unless this generation has
	 * already minted as many as the client allows. The siblings are counted under the session row's
	 * lock, so concurrent presentations cannot overshoot the cap.
	 */
	private Mono<RotationResult> grace(Presentation presentation, PresentedToken presented, Instant now, int attempt) {
		Session session = presented.session();
		int cap = presentation.client().policy().reuseGraceSiblings();
		return this.sessions.lockAtGeneration(session.id(), session.generation()).flatMap((locked) -> {
			if (locked != 1) {
				return retry(presentation, attempt);
			}
			return this.tokens.countAtGeneration(session.id(), session.generation()).flatMap((tokens) -> {
				long siblings = tokens - 1;
				String presentedAt = "generation " + presented.generation() + " arrived "
						+ sinceRotation(session, presentation.arrival());
				if (siblings >= cap) {
					return reuseDetected(presented, presentation.origin(), now,
							presentedAt + ", past the cap of " + cap + " grace siblings");
				}
				return issue(session, presented, presentation.origin(), SessionEventReason.REUSE_GRACE_USED,
						presentedAt + ", sibling " + (siblings + 1) + " of at most " + cap, now);
			});
		});
	}

	private Mono<RotationResult> issue(Session session, PresentedToken presented, RequestOrigin origin, String reason,
			String detail, Instant now) {
		String successor = RefreshTokens.generate();
		return this.tokens.insert(RefreshTokens.hash(successor), session.id(), session.generation(), now)
			.then(this.audit.record(SessionService.event(session, origin, reason, detail, now)))
			.thenReturn(new RotationResult.Rotated(session, successor, presented.username(), presented.roles(),
					SessionEventReason.REUSE_GRACE_USED.equals(reason)));
	}

	private Mono<RotationResult> reuseDetected(PresentedToken presented, RequestOrigin origin, Instant now,
			String detail) {
		Session session = presented.session();
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
	private Mono<RotationResult> retry(Presentation presentation, int attempt) {
		if (attempt >= MAX_ATTEMPTS) {
			return Mono.error(new IllegalStateException("Session kept changing during a refresh"));
		}
		return this.tokens.findByHash(presentation.hash())
			.flatMap((fresh) -> decide(presentation, fresh, attempt + 1))
			.defaultIfEmpty(new RotationResult.Rejected(UNKNOWN));
	}

	/** "N ms after its rotation", or "N ms before" for a racer that arrived before the rotation committed. */
	private static String sinceRotation(Session session, Instant arrival) {
		long millis = Duration.between(session.lastRefreshedAt(), arrival).toMillis();
		return (millis >= 0) ? millis + " ms after its rotation" : -millis + " ms before its rotation";
	}

	/** Whether a request that arrived at {@code arrival} falls within the grace of the session's last rotation. */
	private static boolean withinGrace(Session session, RegisteredClient client, Instant arrival) {
		Duration grace = client.policy().reuseGrace();
		return !grace.isZero() && !arrival.isAfter(session.lastRefreshedAt().plus(grace));
	}

	private static Mono<RotationResult> rejected(String reason) {
		return Mono.just(new RotationResult.Rejected(reason));
	}

	/** One refresh request: the presented token's hash, who presents it, from where, and when it arrived. */
	private record Presentation(String hash, RegisteredClient client, RequestOrigin origin, Instant arrival) {
	}

}

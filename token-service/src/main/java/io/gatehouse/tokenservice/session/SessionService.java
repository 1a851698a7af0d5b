package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.SessionEvent;
import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.refresh.RefreshTokenRepository;
import io.gatehouse.tokenservice.refresh.RefreshTokens;
import io.gatehouse.tokenservice.revocation.SessionRevocationRepository;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Creates and ends sessions. Each change and its audit event commit together; ending is
 * idempotent (a session ends once, with the first reason). A user has at most
 * {@code gatehouse.sessions.max-live-per-user} live sessions (default 100): a login beyond it ends
 * the least recently used one. Ending all of a user's sessions is set-based
 * ({@link SetBasedSessionEnd}): its cost does not grow with their number.
 */
@Service
public class SessionService {

	private final SessionRepository sessions;

	private final RefreshTokenRepository refreshTokens;

	private final AuditTrail audit;

	private final TransactionalOperator transaction;

	private final SessionRevocationRepository revocations;

	private final ClientRegistry clients;

	private final Clock clock;

	private final SetBasedSessionEnd ending;

	private final UserService users;

	private final int maxLivePerUser;

	private final Duration storeTimeout;

	private final SessionMetrics metrics;

	SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, AuditTrail audit,
			SessionRevocationRepository revocations, ClientRegistry clients, TransactionalOperator transaction,
			Clock clock, SetBasedSessionEnd ending, UserService users, SessionProperties properties, SessionMetrics metrics) {
		this.metrics = metrics;
		this.ending = ending;
		this.users = users;
		this.maxLivePerUser = properties.maxLivePerUser();
		this.storeTimeout = properties.storeTimeout();
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.audit = audit;
		this.revocations = revocations;
		this.clients = clients;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * A new session for {@code user} on {@code client} with the client's scope and its first refresh
	 * token (generation 1), begun by {@code method}.
	 */
	public Mono<NewSession> create(User user, RegisteredClient client, SignInMethod method, RequestOrigin origin) {
		return create(user, client, client.policy().scopeString(), method, origin);
	}

	/**
	 * A new session with the given {@code scope} (a subset of the client's, as an authorization
	 * request asked for it); inside the caller's transaction if there is one.
	 */
	public Mono<NewSession> create(User user, RegisteredClient client, String scope, SignInMethod method,
			RequestOrigin origin) {
		return Mono.defer(() -> createAt(user, client, scope, method, origin, this.clock.instant()));
	}

	private Mono<NewSession> createAt(User user, RegisteredClient client, String scope, SignInMethod method,
			RequestOrigin origin, Instant now) {
		Instant absolute = now.plus(client.policy().refreshAbsoluteLifetime());
		Instant idle = earlier(now.plus(client.policy().refreshIdleTimeout()), absolute);
		Session session = new Session(UUID.randomUUID(), user.id(), client.id(), scope, now, now,
				idle, absolute, 1, origin.userAgent(), origin.ipAddress(), null, null);
		String refreshToken = RefreshTokens.generate();
		// Under the user's row lock, which every set-based end takes too: the count is exact across replicas, no
		// session appears while another request ends all of the user's, and none for a user disabled meanwhile
		// (every door that creates sessions, the password change's renewal included, passes here).
		return this.users.lockIfEnabled(user.id())
			.flatMap((enabled) -> enabled ? Mono.<Void>empty()
					: Mono.error(OAuthError.invalidGrant("the account is disabled").exception()))
			.then(endBeyondLimit(user.id(), origin, now))
			.then(this.sessions.insert(session))
			.then(this.refreshTokens.insert(RefreshTokens.hash(refreshToken), session.id(), 1, now))
			.then(this.audit.record(event(session, origin, SessionEventReason.CREATED, null, now)))
			.then(this.metrics.created(client.id(), method))
			.as(this.transaction::transactional)
			.thenReturn(new NewSession(session, refreshToken));
	}

	/**
	 * Makes room for one more live session: when the user already has {@code max-live-per-user} or
	 * more, the least recently used ones end with {@code revoked_session_limit}.
	 */
	private Mono<Long> endBeyondLimit(UUID userId, RequestOrigin origin, Instant now) {
		int limit = this.maxLivePerUser;
		return this.sessions.countLiveByUser(userId, now).flatMap((live) -> (live < limit) ? Mono.just(0L)
				: this.ending.end(SessionSelection.leastRecentlyUsed(userId, (int) (live - limit + 1), now),
						SessionEndReason.REVOKED_SESSION_LIMIT, origin,
						"more than " + limit + " live sessions: ended the least recently used", now));
	}

	/** Ends the session if it is live; emits {@code true} when this call ended it. */
	public Mono<Boolean> end(Session session, SessionEndReason reason, RequestOrigin origin, String detail) {
		Instant now = this.clock.instant();
		return endWithin(session, reason, origin, detail, now).as(this.transaction::transactional);
	}

	/**
	 * The same as {@link #end} for use inside a caller's transaction: ends the session and, only if
	 * this call ended it, records the event and publishes the revocation to the gateways' feed
	 * until the last access token the session can have issued has expired. A session that has timed
	 * out at {@code now} but was not ended yet (the purge job runs every {@code purge-interval}) ends
	 * as it timed out, whoever asks: with its timeout as the reason, at the instant it timed out, with
	 * the timeout as the detail and no request origin (the caller's origin and detail when the caller
	 * is the one reporting that timeout, as a refresh and the purge job do).
	 */
	public Mono<Boolean> endWithin(Session session, SessionEndReason reason, RequestOrigin origin, String detail,
			Instant now) {
		return this.sessions.lockIfNotEnded(session.id())
			.flatMap((live) -> endLocked(live, reason, origin, detail, now))
			.defaultIfEmpty(false);
	}

	private Mono<Boolean> endLocked(Session session, SessionEndReason requested, RequestOrigin requestOrigin,
			String requestDetail, Instant now) {
		SessionEndReason expiry = session.expiryAt(now);
		boolean reported = expiry == null || expiry == requested;
		SessionEndReason reason = (expiry != null) ? expiry : requested;
		Instant endedAt = (expiry != null) ? session.timesOutAt() : now;
		RequestOrigin origin = reported ? requestOrigin : RequestOrigin.SYSTEM;
		String detail = reported ? requestDetail : timeoutDetail(expiry, this.clients.find(session.clientId()));
		return this.sessions.end(session.id(), endedAt, reason)
			.flatMap((updated) -> (updated == 1)
					? this.audit.record(event(session, origin, SessionEventReason.ended(reason), detail, endedAt))
						.then(this.revocations.append(session.id(), reason.code(), now, now.plus(accessTokenTtl(session))))
						.then(this.metrics.ended(session.clientId(), reason))
						.thenReturn(true)
					: Mono.just(false));
	}

	/**
	 * The timeline's detail of a timeout ({@code expired_idle} or {@code expired_absolute}): the client's
	 * limit that was passed, as "idle timeout PT12H exceeded".
	 */
	static String timeoutDetail(SessionEndReason expiry, Optional<RegisteredClient> client) {
		return client.map((configured) -> (expiry == SessionEndReason.EXPIRED_ABSOLUTE)
				? "absolute lifetime " + configured.policy().refreshAbsoluteLifetime() + " reached"
				: "idle timeout " + configured.policy().refreshIdleTimeout() + " exceeded")
			.orElse("client no longer configured");
	}

	private Duration accessTokenTtl(Session session) {
		return this.clients.find(session.clientId())
			.map((client) -> client.policy().accessTokenTtl())
			.orElseGet(this.clients::longestAccessTokenTtl);
	}

	/**
	 * Ends every session of the user that has not ended (timed-out ones too) except {@code keep}
	 * ({@code null} for none), each with its timeline event ({@code reason}, {@code detail}, the
	 * request's address and user agent; one that had timed out ends with its timeout instead, as
	 * {@link #endWithin} ends it) and its revocation-feed row, in a constant number of
	 * statements however many sessions the user has; inside the caller's transaction if there is one,
	 * else in one of its own, bounded by the store timeout. Emits how many this call ended.
	 */
	public Mono<Long> endAllSessionsOf(UUID userId, UUID keep, SessionEndReason reason, RequestOrigin origin,
			String detail) {
		return Mono.defer(() -> this.ending.end(SessionSelection.allOf(userId, keep), reason, origin, detail,
				this.clock.instant()))
			.as(this.transaction::transactional)
			.timeout(this.storeTimeout);
	}

	public Mono<Session> find(UUID id) {
		return this.sessions.findById(id);
	}

	public Flux<Session> liveSessionsOf(UUID userId) {
		return this.sessions.findLiveByUser(userId, this.clock.instant());
	}

	public static SessionEvent event(Session session, RequestOrigin origin, String reason, String detail, Instant now) {
		return new SessionEvent(now, session.id(), session.userId(), session.clientId(), origin.ipAddress(),
				origin.userAgent(), reason, detail, origin.actorUserId(), origin.actorSessionId());
	}

	static Instant earlier(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
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
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Creates and ends sessions. Each change and its audit event commit together; ending is
 * idempotent (a session ends once, with the first reason).
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

	SessionService(SessionRepository sessions, RefreshTokenRepository refreshTokens, AuditTrail audit,
			SessionRevocationRepository revocations, ClientRegistry clients, TransactionalOperator transaction,
			Clock clock) {
		this.sessions = sessions;
		this.refreshTokens = refreshTokens;
		this.audit = audit;
		this.revocations = revocations;
		this.clients = clients;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** A new session for {@code user} on {@code client}, with its first refresh token (generation 1). */
	public Mono<NewSession> create(User user, RegisteredClient client, RequestOrigin origin) {
		return create(user, client, client.policy().scopeString(), origin);
	}

	/**
	 * A new session with the given {@code scope} (a subset of the client's, as an authorization
	 * request asked for it); inside the caller's transaction if there is one.
	 */
	public Mono<NewSession> create(User user, RegisteredClient client, String scope, RequestOrigin origin) {
		Instant now = this.clock.instant();
		Instant absolute = now.plus(client.policy().refreshAbsoluteLifetime());
		Instant idle = earlier(now.plus(client.policy().refreshIdleTimeout()), absolute);
		Session session = new Session(UUID.randomUUID(), user.id(), client.id(), scope, now, now,
				idle, absolute, 1, origin.userAgent(), origin.ipAddress(), null, null);
		String refreshToken = RefreshTokens.generate();
		return this.sessions.insert(session)
			.then(this.refreshTokens.insert(RefreshTokens.hash(refreshToken), session.id(), 1, now))
			.then(this.audit.record(event(session, origin, SessionEventReason.CREATED, null, now)))
			.as(this.transaction::transactional)
			.thenReturn(new NewSession(session, refreshToken));
	}

	/** Ends the session if it is live; emits {@code true} when this call ended it. */
	public Mono<Boolean> end(Session session, SessionEndReason reason, RequestOrigin origin, String detail) {
		Instant now = this.clock.instant();
		return endWithin(session, reason, origin, detail, now).as(this.transaction::transactional);
	}

	/**
	 * The same as {@link #end} for use inside a caller's transaction: ends the session and, only if
	 * this call ended it, records the event and publishes the revocation to the gateways' feed
	 * until the last access token the session can have issued has expired.
	 */
	public Mono<Boolean> endWithin(Session session, SessionEndReason reason, RequestOrigin origin, String detail,
			Instant now) {
		return this.sessions.end(session.id(), now, reason)
			.flatMap((updated) -> (updated == 1)
					? this.audit.record(event(session, origin, SessionEventReason.ended(reason), detail, now))
						.then(this.revocations.append(session.id(), reason.code(), now, now.plus(accessTokenTtl(session))))
						.thenReturn(true)
					: Mono.just(false));
	}

	private java.time.Duration accessTokenTtl(Session session) {
		return this.clients.find(session.clientId())
			.map((client) -> client.policy().accessTokenTtl())
			.orElseGet(this.clients::longestAccessTokenTtl);
	}

	/**
	 * Ends every live session of the user except {@code keep} ({@code null} for none), each with its
	 * event and revocation; inside the caller's transaction if there is one. Emits how many ended.
	 */
	public Mono<Long> endAllOf(UUID userId, UUID keep, SessionEndReason reason, RequestOrigin origin) {
		// The ids are read to the end before any session is ended: inside a transaction every statement
		// shares one connection, and a query issued while another's rows are still being read waits on
		// it (on PostgreSQL, for ever once the reader has asked for its first 32 rows).
		return this.sessions.findLiveIdsByUser(userId)
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.filter((id) -> !Objects.equals(id, keep))
			.concatMap(this.sessions::findById)
			.concatMap((session) -> end(session, reason, origin, null))
			.filter(Boolean::booleanValue)
			.count();
	}

	public Mono<Session> find(UUID id) {
		return this.sessions.findById(id);
	}

	public Flux<Session> liveSessionsOf(UUID userId) {
		return this.sessions.findLiveByUser(userId, this.clock.instant());
	}

	public static SessionEvent event(Session session, RequestOrigin origin, String reason, String detail, Instant now) {
		return new SessionEvent(now, session.id(), session.userId(), session.clientId(), origin.ipAddress(),
				origin.userAgent(), reason, detail);
	}

	static Instant earlier(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.authorization.AuthorizationProperties;
import io.gatehouse.tokenservice.authorization.AuthorizationStore;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.revocation.SessionRevocationRepository;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Keeps the tables bounded: ends sessions whose idle or absolute timeout has passed (recording
 * {@code expired_idle}/{@code expired_absolute} with the timeout that caused it), deletes
 * sessions ended longer than {@code ended-retention} ago with their refresh tokens, and audit
 * events older than {@code audit-retention}, revocation-feed entries whose tokens have all expired,
 * expired authorization requests, and authorization codes expired longer than
 * {@code gatehouse.authorization.code-retention} ago. Safe to run on every replica at once: each
 * end is a conditional update.
 */
public final class SessionPurgeJob {

	private static final Log logger = LogFactory.getLog(SessionPurgeJob.class);

	private static final int BATCH = 500;

	private final SessionRepository sessions;

	private final SessionService sessionService;

	private final AuditTrail audit;

	private final ClientRegistry clients;

	private final SessionRevocationRepository revocations;

	private final SessionProperties properties;

	private final Clock clock;

	private final AuthorizationStore authorizations;

	private final AuthorizationProperties authorizationProperties;

	SessionPurgeJob(SessionRepository sessions, SessionService sessionService, AuditTrail audit, ClientRegistry clients,
			SessionRevocationRepository revocations, SessionProperties properties, Clock clock,
			AuthorizationStore authorizations, AuthorizationProperties authorizationProperties) {
		this.authorizations = authorizations;
		this.authorizationProperties = authorizationProperties;
		this.revocations = revocations;
		this.sessions = sessions;
		this.sessionService = sessionService;
		this.audit = audit;
		this.clients = clients;
		this.properties = properties;
		this.clock = clock;
	}

	/** One purge pass; emits what it did. */
	public Mono<PurgeReport> purge() {
		Instant now = this.clock.instant();
		return this.sessions.findTimedOut(now, BATCH)
			.concatMap((session) -> endExpired(session, now))
			.filter(Boolean::booleanValue)
			.count()
			.zipWith(this.sessions.deleteEndedBefore(now.minus(this.properties.endedRetention())))
			.zipWith(this.audit.deleteBefore(now.minus(this.properties.auditRetention())),
					(ended, events) -> new PurgeReport(ended.getT1(), ended.getT2(), events))
			.flatMap((report) -> this.revocations.deleteExpired(now).thenReturn(report))
			.flatMap((report) -> this.authorizations
				.deleteExpired(now, now.minus(this.authorizationProperties.codeRetention()))
				.thenReturn(report))
			.doOnNext((report) -> {
				if (report.expired() + report.deletedSessions() + report.deletedEvents() > 0) {
					logger.info("Session purge: " + report);
				}
			});
	}

	private Mono<Boolean> endExpired(Session session, Instant now) {
		SessionEndReason reason = session.expiryAt(now);
		String detail = SessionService.timeoutDetail(reason, this.clients.find(session.clientId()));
		return this.sessionService.end(session, reason, RequestOrigin.SYSTEM, detail + " (purge)");
	}

	Flux<Long> schedule() {
		return Flux.interval(this.properties.purgeInterval(), this.properties.purgeInterval())
			.concatMap((tick) -> purge().map(PurgeReport::expired).onErrorResume((ex) -> {
				logger.warn("Session purge failed, will retry: " + ex.getMessage());
				return Mono.empty();
			}));
	}

	/**
	 * What one purge pass did.
	 *
	 * @param expired sessions ended for timing out
	 * @param deletedSessions ended sessions deleted
	 * @param deletedEvents audit events deleted
	 */
	public record PurgeReport(long expired, long deletedSessions, long deletedEvents) {
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.SessionEvent;
import io.gatehouse.tokenservice.audit.SessionEventReason;
import io.gatehouse.tokenservice.audit.SessionEventView;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.device.DeviceNames;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * A user's sessions as the account page and its API show them: the live ones with their device and
 * when and why each will end, the recently ended ones (within {@code ended-retention}, at most
 * {@value #MAX_ENDED}) with the parameters of the explanation of their end, and one session's
 * timeline. Who ended a session comes from its end event: an actor who is not the session's user is
 * an administrator (only they can end another user's session), an actor session other than the
 * ended one is the device the user ended it from (named by that session's login agent).
 */
@Component
public final class SessionViews {

	/** The most recently ended sessions one answer lists. */
	static final int MAX_ENDED = 50;

	private static final Set<String> END_CODES = Arrays.stream(SessionEndReason.values())
		.map(SessionEndReason::code)
		.collect(Collectors.toUnmodifiableSet());

	private final SessionRepository sessions;

	private final AuditTrail audit;

	private final ClientRegistry clients;

	private final DeviceNames devices;

	private final SessionProperties properties;

	private final Clock clock;

	SessionViews(SessionRepository sessions, AuditTrail audit, ClientRegistry clients, DeviceNames devices,
			SessionProperties properties, Clock clock) {
		this.sessions = sessions;
		this.audit = audit;
		this.clients = clients;
		this.devices = devices;
		this.properties = properties;
		this.clock = clock;
	}

	/** The user's live sessions, newest first; {@code currentSessionId}'s marked {@code current}. */
	public Flux<SessionView> live(UUID userId, UUID currentSessionId) {
		return this.sessions.findLiveByUser(userId, this.clock.instant()).map((session) -> live(session, currentSessionId));
	}

	/** The user's recently ended sessions, most recently created first. */
	public Flux<EndedSessionView> ended(UUID userId) {
		Instant now = this.clock.instant();
		Instant since = now.minus(this.properties.endedRetention());
		return this.sessions.findRecentlyEndedByUser(userId, since, now, MAX_ENDED)
			.collectList()
			.flatMapMany((ended) -> ended.isEmpty() ? Flux.empty()
					: endEvents(userId, since).flatMapMany((ends) -> Flux.fromIterable(ended)
						.concatMap((session) -> endedWithActor(session, ends.get(session.id()), now))));
	}

	/** The view of an ended session, naming the device of the session it was ended from (its login's agent). */
	private Mono<EndedSessionView> endedWithActor(Session session, SessionEvent end, Instant now) {
		UUID from = fromSession(session, end);
		if (from == null) {
			return Mono.just(ended(session, end, null, now));
		}
		return this.sessions.findById(from)
			.map((actor) -> ended(session, end, actor.userAgent(), now))
			.defaultIfEmpty(ended(session, end, end.userAgent(), now));
	}

	private static UUID fromSession(Session session, SessionEvent end) {
		return (end != null && end.actorSessionId() != null && !end.actorSessionId().equals(session.id())
				&& session.userId().equals(end.actorUserId())) ? end.actorSessionId() : null;
	}

	/**
	 * The timeline of the user's session {@code sessionId}; 404 {@code not_found} when it is no
	 * session of {@code userId}'s (or has been purged). Of the entries an administrator caused, an
	 * administrator ({@code forAdmin}) reads everything and which administrator it was; the user reads
	 * only what and when, and that an administrator did it (not the administrator's address, user agent,
	 * device or detail).
	 */
	public Mono<SessionTimelineView> timeline(UUID userId, UUID sessionId, boolean forAdmin) {
		return this.sessions.findById(sessionId)
			.filter((session) -> session.userId().equals(userId))
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such session").exception()))
			.flatMap((session) -> this.audit.forSession(sessionId)
				.collectList()
				.map((events) -> timeline(session, events, forAdmin)));
	}

	private Mono<Map<UUID, SessionEvent>> endEvents(UUID userId, Instant since) {
		return this.audit.forUserSince(userId, since, END_CODES).collectMap(SessionEvent::sessionId, (event) -> event,
				HashMap::new);
	}

	private SessionView live(Session session, UUID currentSessionId) {
		Optional<RegisteredClient> client = this.clients.find(session.clientId());
		boolean idleFirst = session.idleExpiresAt().isBefore(session.absoluteExpiresAt());
		return new SessionView(session.id().toString(), session.clientId(), name(client, session.clientId()),
				session.createdAt(), session.lastRefreshedAt(), session.idleExpiresAt(), session.absoluteExpiresAt(),
				idleFirst ? session.idleExpiresAt() : session.absoluteExpiresAt(),
				idleFirst ? SessionView.BY_IDLE : SessionView.BY_ABSOLUTE, idleSeconds(client), absoluteSeconds(client),
				session.userAgent(), this.devices.of(session.userAgent()), session.ipAddress(),
				session.id().equals(currentSessionId));
	}

	private EndedSessionView ended(Session session, SessionEvent end, String actorUserAgent, Instant now) {
		Optional<RegisteredClient> client = this.clients.find(session.clientId());
		SessionEndReason reason = endReason(session, now);
		Instant endedAt = switch (reason) {
			case EXPIRED_IDLE -> session.idleExpiresAt();
			case EXPIRED_ABSOLUTE -> session.absoluteExpiresAt();
			default -> session.endedAt();
		};
		UUID fromSession = fromSession(session, end);
		boolean byAdmin = end != null && byAdmin(end);
		return new EndedSessionView(session.id().toString(), session.clientId(), name(client, session.clientId()),
				session.createdAt(), session.lastRefreshedAt(), endedAt, reason.code(), idleSeconds(client),
				absoluteSeconds(client),
				(reason == SessionEndReason.REVOKED_SESSION_LIMIT) ? this.properties.maxLivePerUser() : null,
				(fromSession != null) ? fromSession.toString() : null,
				(fromSession != null) ? this.devices.of(actorUserAgent) : null, byAdmin, session.userAgent(),
				this.devices.of(session.userAgent()), session.ipAddress());
	}

	/** The stored reason, or the timeout a live-looking session has passed. */
	private static SessionEndReason endReason(Session session, Instant now) {
		if (session.endReason() != null) {
			return SessionEndReason.ofCode(session.endReason());
		}
		SessionEndReason expiry = session.expiryAt(now);
		return (expiry != null) ? expiry : SessionEndReason.EXPIRED_IDLE;
	}

	private SessionTimelineView timeline(Session session, List<SessionEvent> events, boolean forAdmin) {
		SessionTimelineView.Entry created = null;
		SessionTimelineView.Entry end = null;
		long refreshes = 0;
		Instant firstRefresh = null;
		Instant lastRefresh = null;
		List<SessionTimelineView.Entry> graceUses = new ArrayList<>();
		List<SessionTimelineView.Entry> others = new ArrayList<>();
		for (SessionEvent event : events) {
			String reason = event.reason();
			if (SessionEventReason.REFRESHED.equals(reason)) {
				refreshes++;
				firstRefresh = (firstRefresh == null) ? event.occurredAt() : firstRefresh;
				lastRefresh = event.occurredAt();
			}
			else if (SessionEventReason.CREATED.equals(reason)) {
				created = entry(event, forAdmin);
			}
			else if (SessionEventReason.REUSE_GRACE_USED.equals(reason)) {
				graceUses.add(entry(event, forAdmin));
			}
			else if (END_CODES.contains(reason)) {
				end = entry(event, forAdmin);
			}
			else if (!SessionEventReason.PASSWORD_CHANGE_PENDING.equals(reason)) {
				others.add(entry(event, forAdmin));
			}
		}
		Instant now = this.clock.instant();
		if (end == null && session.endedAt() == null && session.expiryAt(now) != null) {
			SessionEndReason expiry = session.expiryAt(now);
			end = new SessionTimelineView.Entry((expiry == SessionEndReason.EXPIRED_IDLE) ? session.idleExpiresAt()
					: session.absoluteExpiresAt(), expiry.code(), null, null, null, null, null, null, null);
		}
		Optional<RegisteredClient> client = this.clients.find(session.clientId());
		return new SessionTimelineView(session.id().toString(), session.clientId(), name(client, session.clientId()),
				created, new SessionTimelineView.Refreshes(refreshes, firstRefresh, lastRefresh), graceUses, others, end);
	}

	/**
	 * One entry; of what an administrator caused, the user ({@code forAdmin} false) reads only what and
	 * when: the address, user agent and detail are the administrator's.
	 */
	private SessionTimelineView.Entry entry(SessionEvent event, boolean forAdmin) {
		boolean byAdmin = byAdmin(event);
		if (byAdmin && !forAdmin) {
			return new SessionTimelineView.Entry(event.occurredAt(), event.reason(), null, null, null, null, null,
					Boolean.TRUE, null);
		}
		String bySession = (!byAdmin && event.actorSessionId() != null && !event.actorSessionId().equals(event.sessionId()))
				? event.actorSessionId().toString() : null;
		return new SessionTimelineView.Entry(event.occurredAt(), event.reason(), event.ipAddress(), event.userAgent(),
				(event.userAgent() != null) ? this.devices.of(event.userAgent()) : null, event.detail(), bySession,
				byAdmin ? Boolean.TRUE : null, byAdmin ? event.actorUserId().toString() : null);
	}

	private static boolean byAdmin(SessionEvent event) {
		return SessionEventView.byAdmin(event);
	}

	private static String name(Optional<RegisteredClient> client, String clientId) {
		return client.map(RegisteredClient::displayName).orElse(clientId);
	}

	private static Long idleSeconds(Optional<RegisteredClient> client) {
		return client.map((c) -> c.policy().refreshIdleTimeout().toSeconds()).orElse(null);
	}

	private static Long absoluteSeconds(Optional<RegisteredClient> client) {
		return client.map((c) -> c.policy().refreshAbsoluteLifetime().toSeconds()).orElse(null);
	}

}

package io.gatehouse.tokenservice.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the audit trail: something that happened to a session, and why.
 *
 * @param occurredAt when
 * @param sessionId the session
 * @param userId its user
 * @param clientId its client
 * @param ipAddress the address of the request that caused it, or {@code null} for the purge job
 * @param userAgent the {@code User-Agent} of that request, or {@code null}
 * @param reason what happened ({@link SessionEventReason} code)
 * @param detail context a person can read, e.g. the timeout that expired; never a token
 * @param actorUserId the signed-in user whose request caused it (an administrator, or the user), or {@code null}
 * @param actorSessionId the session that request came from, or {@code null}
 */
public record SessionEvent(Instant occurredAt, UUID sessionId, UUID userId, String clientId, String ipAddress,
		String userAgent, String reason, String detail, UUID actorUserId, UUID actorSessionId) {

	/** An event without an actor. */
	public SessionEvent(Instant occurredAt, UUID sessionId, UUID userId, String clientId, String ipAddress,
			String userAgent, String reason, String detail) {
		this(occurredAt, sessionId, userId, clientId, ipAddress, userAgent, reason, detail, null, null);
	}

}

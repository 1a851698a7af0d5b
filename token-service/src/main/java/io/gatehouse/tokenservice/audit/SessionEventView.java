package io.gatehouse.tokenservice.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A timeline entry as the API shows it. An entry an administrator caused (its actor is not the
 * session's user) says so; the user's own view of it ({@link #forOwner}) leaves out the address, user
 * agent and detail, which are the administrator's, not the user's.
 *
 * @param occurredAt when
 * @param sessionId which session
 * @param userId whose session (the token's {@code sub})
 * @param clientId its client
 * @param ipAddress the address of the request that caused it
 * @param userAgent the user agent of that request
 * @param reason what happened
 * @param detail context, e.g. the timeout that expired
 * @param byAdmin {@code true} when an administrator caused it, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEventView(@JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("session_id") String sessionId, @JsonProperty("user_id") String userId,
		@JsonProperty("client_id") String clientId,
		@JsonProperty("ip_address") String ipAddress, @JsonProperty("user_agent") String userAgent, String reason,
		String detail, @JsonProperty("by_admin") Boolean byAdmin) {

	/** The entry as an administrator reads it: everything recorded. */
	public static SessionEventView of(SessionEvent event) {
		return new SessionEventView(event.occurredAt(), event.sessionId().toString(), event.userId().toString(),
				event.clientId(), event.ipAddress(), event.userAgent(), event.reason(), event.detail(),
				byAdmin(event) ? Boolean.TRUE : null);
	}

	/** The entry as the session's user reads it: of what an administrator caused, only what and when. */
	public static SessionEventView forOwner(SessionEvent event) {
		if (!byAdmin(event)) {
			return of(event);
		}
		return new SessionEventView(event.occurredAt(), event.sessionId().toString(), event.userId().toString(),
				event.clientId(), null, null, event.reason(), null, Boolean.TRUE);
	}

	/** Whether an administrator caused the event: only one can act on another user's session. */
	public static boolean byAdmin(SessionEvent event) {
		return event.actorUserId() != null && !event.actorUserId().equals(event.userId());
	}

}

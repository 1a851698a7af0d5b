package io.gatehouse.tokenservice.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A live session as "your devices" shows it.
 *
 * @param id the session id
 * @param clientId its client
 * @param createdAt login time
 * @param lastActiveAt the last refresh
 * @param idleExpiresAt when it ends unless refreshed
 * @param absoluteExpiresAt when it ends at the latest
 * @param userAgent the user agent at login
 * @param ipAddress the address at login
 * @param current whether the caller's access token belongs to it
 */
public record SessionView(String id, @JsonProperty("client_id") String clientId,
		@JsonProperty("created_at") Instant createdAt, @JsonProperty("last_active_at") Instant lastActiveAt,
		@JsonProperty("idle_expires_at") Instant idleExpiresAt,
		@JsonProperty("absolute_expires_at") Instant absoluteExpiresAt, @JsonProperty("user_agent") String userAgent,
		@JsonProperty("ip_address") String ipAddress, boolean current) {

	static SessionView of(Session session, java.util.UUID currentSessionId) {
		return new SessionView(session.id().toString(), session.clientId(), session.createdAt(),
				session.lastRefreshedAt(), session.idleExpiresAt(), session.absoluteExpiresAt(), session.userAgent(),
				session.ipAddress(), session.id().equals(currentSessionId));
	}

}

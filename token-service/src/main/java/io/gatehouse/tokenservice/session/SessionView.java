package io.gatehouse.tokenservice.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.gatehouse.tokenservice.device.Device;

/**
 * A live session as "your devices" shows it, with what the account page needs to say when and why
 * it will end: {@code expires_at} is the earlier of its two limits and {@code expires_by} names it
 * ({@code idle}: it ends then unless used; {@code absolute}: it ends then whatever happens).
 *
 * @param id the session id
 * @param clientId its client
 * @param clientName the client's display name (its id when it has none)
 * @param createdAt login time
 * @param lastActiveAt the last refresh (or the login)
 * @param idleExpiresAt when it ends unless refreshed
 * @param absoluteExpiresAt when it ends at the latest
 * @param expiresAt the earlier of the two
 * @param expiresBy {@code idle} or {@code absolute}: which limit {@code expires_at} is
 * @param idleTimeoutSeconds the client's idle timeout
 * @param absoluteLifetimeSeconds the client's absolute lifetime
 * @param userAgent the user agent at login
 * @param device that user agent in words
 * @param ipAddress the address at login
 * @param current whether the caller's access token belongs to it
 */
public record SessionView(String id, @JsonProperty("client_id") String clientId,
		@JsonProperty("client_name") String clientName, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("last_active_at") Instant lastActiveAt, @JsonProperty("idle_expires_at") Instant idleExpiresAt,
		@JsonProperty("absolute_expires_at") Instant absoluteExpiresAt, @JsonProperty("expires_at") Instant expiresAt,
		@JsonProperty("expires_by") String expiresBy, @JsonProperty("idle_timeout_seconds") Long idleTimeoutSeconds,
		@JsonProperty("absolute_lifetime_seconds") Long absoluteLifetimeSeconds,
		@JsonProperty("user_agent") String userAgent, Device device, @JsonProperty("ip_address") String ipAddress,
		boolean current) {

	/** {@code expires_by} of a session whose idle timeout comes first. */
	public static final String BY_IDLE = "idle";

	/** {@code expires_by} of a session whose absolute lifetime comes first. */
	public static final String BY_ABSOLUTE = "absolute";

}

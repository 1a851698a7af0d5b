package io.gatehouse.tokenservice.session;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.gatehouse.tokenservice.device.Device;

/**
 * A session that ended within {@code gatehouse.sessions.ended-retention}, with what it takes to say
 * why in words: its {@code end_reason} ({@link SessionEndReason} code) and that explanation's
 * parameters. {@code ended_at} is when the reason took effect: for {@code expired_idle} and
 * {@code expired_absolute} the instant the limit was reached (the purge job may notice it later, or
 * not yet), for every other reason the moment it was ended.
 *
 * @param id the session id
 * @param clientId its client
 * @param clientName the client's display name
 * @param createdAt login time
 * @param lastActiveAt the last refresh (or the login)
 * @param endedAt when it ended
 * @param endReason why
 * @param idleTimeoutSeconds the client's idle timeout, the parameter of {@code expired_idle}
 * @param absoluteLifetimeSeconds the client's absolute lifetime, the parameter of {@code expired_absolute}
 * @param sessionLimit for {@code revoked_session_limit}, the most live sessions a user may hold
 * @param endedFromSessionId for a session the user ended from another of their sessions, that session
 * @param endedFromDevice that session's device
 * @param endedByAdmin whether an administrator ended it
 * @param userAgent the user agent at login
 * @param device that user agent in words
 * @param ipAddress the address at login
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndedSessionView(String id, @JsonProperty("client_id") String clientId,
		@JsonProperty("client_name") String clientName, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("last_active_at") Instant lastActiveAt, @JsonProperty("ended_at") Instant endedAt,
		@JsonProperty("end_reason") String endReason, @JsonProperty("idle_timeout_seconds") Long idleTimeoutSeconds,
		@JsonProperty("absolute_lifetime_seconds") Long absoluteLifetimeSeconds,
		@JsonProperty("session_limit") Integer sessionLimit,
		@JsonProperty("ended_from_session_id") String endedFromSessionId,
		@JsonProperty("ended_from_device") Device endedFromDevice, @JsonProperty("ended_by_admin") boolean endedByAdmin,
		@JsonProperty("user_agent") String userAgent, Device device, @JsonProperty("ip_address") String ipAddress) {
}

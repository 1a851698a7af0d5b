package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.gatehouse.tokenservice.device.Device;

/**
 * One session's life as the account page tells it: its creation, its refreshes collapsed into a
 * count with the first and the last (a session refreshed every 15 minutes for a week has 600), each
 * use of the reuse grace with its address and device (the trace a stolen refresh token leaves), the
 * other notable events (a wrong current password, reuse detected), and its end. A session that
 * timed out but was not yet noticed by the purge job ends at its limit.
 *
 * @param sessionId the session
 * @param clientId its client
 * @param clientName the client's display name
 * @param created the login
 * @param refreshes how many refreshes, and when the first and the last were
 * @param graceUses every reuse-grace use
 * @param events the other events between creation and end, oldest first
 * @param end the end, or {@code null} while the session is live
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionTimelineView(@JsonProperty("session_id") String sessionId,
		@JsonProperty("client_id") String clientId, @JsonProperty("client_name") String clientName, Entry created,
		Refreshes refreshes, @JsonProperty("grace_uses") List<Entry> graceUses, List<Entry> events, Entry end) {

	/**
	 * One moment of the timeline.
	 *
	 * @param at when
	 * @param reason what ({@code created}, {@code reuse_grace_used}, an end reason, …)
	 * @param ipAddress the address of the request behind it, {@code null} for the purge job
	 * @param userAgent that request's user agent
	 * @param device that user agent in words
	 * @param detail context a person can read
	 * @param bySessionId for an end from another of the user's sessions, that session
	 * @param byAdmin whether an administrator caused it
	 * @param adminId which administrator (shown to administrators only)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Entry(Instant at, String reason, @JsonProperty("ip_address") String ipAddress,
			@JsonProperty("user_agent") String userAgent, Device device, String detail,
			@JsonProperty("by_session_id") String bySessionId, @JsonProperty("by_admin") Boolean byAdmin,
			@JsonProperty("admin_id") String adminId) {
	}

	/**
	 * The refreshes of a session, collapsed.
	 *
	 * @param count how many
	 * @param firstAt the first, or {@code null} when none
	 * @param lastAt the last, or {@code null} when none
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Refreshes(long count, @JsonProperty("first_at") Instant firstAt,
			@JsonProperty("last_at") Instant lastAt) {
	}

}

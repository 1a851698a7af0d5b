package io.gatehouse.tokenservice.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A timeline entry as the API shows it.
 *
 * @param occurredAt when
 * @param sessionId which session
 * @param userId whose session (the token's {@code sub})
 * @param clientId its client
 * @param ipAddress the address of the request that caused it
 * @param userAgent the user agent of that request
 * @param reason what happened
 * @param detail context, e.g. the timeout that expired
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEventView(@JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("session_id") String sessionId, @JsonProperty("user_id") String userId,
		@JsonProperty("client_id") String clientId,
		@JsonProperty("ip_address") String ipAddress, @JsonProperty("user_agent") String userAgent, String reason,
		String detail) {

	public static SessionEventView of(SessionEvent event) {
		return new SessionEventView(event.occurredAt(), event.sessionId().toString(), event.userId().toString(),
				event.clientId(),
				event.ipAddress(), event.userAgent(), event.reason(), event.detail());
	}

}

package io.gatehouse.tokenservice.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A failed login as the admin API shows it.
 *
 * @param occurredAt when
 * @param clientId the client it was for
 * @param ipAddress where it came from
 * @param userAgent its {@code User-Agent}
 * @param reason {@code wrong_password} (the only reason a known user's failure can have)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginFailureView(@JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("client_id") String clientId, @JsonProperty("ip_address") String ipAddress,
		@JsonProperty("user_agent") String userAgent, String reason) {
}

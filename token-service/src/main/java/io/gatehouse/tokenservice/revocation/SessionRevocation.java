package io.gatehouse.tokenservice.revocation;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of the revocation feed: a session that ended, and the moment after which none of its
 * access tokens can still be valid (so a gateway may forget it then).
 *
 * @param cursor the feed position; a gateway resumes after the last one it saw
 * @param sessionId the ended session, the tokens' {@code sid}
 * @param reason why it ended
 * @param revokedAt when it ended
 * @param validUntil the latest {@code exp} any of its access tokens can have
 */
public record SessionRevocation(long cursor, @JsonProperty("sid") UUID sessionId, String reason,
		@JsonProperty("revoked_at") Instant revokedAt, @JsonProperty("valid_until") Instant validUntil) {
}

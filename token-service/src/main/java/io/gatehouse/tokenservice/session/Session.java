package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A login session: the owner of one chain of refresh tokens. {@code generation} is the generation
 * of the live refresh token(s); a refresh moves it on by one.
 *
 * @param id the session id, the access tokens' {@code sid}
 * @param userId the user
 * @param clientId the client it was created for; its refresh tokens are valid for no other
 * @param scope the granted scope
 * @param createdAt login time
 * @param lastRefreshedAt time of the last rotation (or login)
 * @param idleExpiresAt when it ends unless refreshed
 * @param absoluteExpiresAt when it ends whatever happens
 * @param generation generation of the current refresh token
 * @param userAgent the {@code User-Agent} at login
 * @param ipAddress the client address at login
 * @param endedAt when it ended, or {@code null} while live
 * @param endReason why it ended ({@link SessionEndReason} code), or {@code null}
 */
public record Session(UUID id, UUID userId, String clientId, String scope, Instant createdAt, Instant lastRefreshedAt,
		Instant idleExpiresAt, Instant absoluteExpiresAt, int generation, String userAgent, String ipAddress,
		Instant endedAt, String endReason) {

	public boolean isEnded() {
		return this.endedAt != null;
	}

	/** Why this live session is over at {@code now}, if it has timed out. */
	public SessionEndReason expiryAt(Instant now) {
		if (!now.isBefore(this.absoluteExpiresAt)) {
			return SessionEndReason.EXPIRED_ABSOLUTE;
		}
		if (!now.isBefore(this.idleExpiresAt)) {
			return SessionEndReason.EXPIRED_IDLE;
		}
		return null;
	}

	/**
	 * The instant it times out unless refreshed: the earlier of the two expiries. A session that has timed
	 * out ended then, whenever its end is written.
	 */
	public Instant timesOutAt() {
		return this.idleExpiresAt.isBefore(this.absoluteExpiresAt) ? this.idleExpiresAt : this.absoluteExpiresAt;
	}

	/** How long the current refresh token can still be used: until {@link #timesOutAt()}. */
	public Duration remainingAt(Instant now) {
		Duration remaining = Duration.between(now, timesOutAt());
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

}

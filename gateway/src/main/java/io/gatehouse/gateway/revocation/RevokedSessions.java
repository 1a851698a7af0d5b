package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions the revocation feed reported ended. Invariant: a session is held until
 * {@code valid_until} plus the clock skew has passed, the same instant until which
 * {@link io.gatehouse.gateway.auth.AccessTokenValidator} accepts its last token ({@code exp} plus
 * {@code gatehouse.gateway.clock-skew}), so a revoked token never becomes valid again; memory is
 * bounded by the sessions revoked within one access-token lifetime plus the skew. Keys are the
 * {@code sid} as a {@link UUID} and values the epoch millisecond to forget at: about 100 bytes per
 * session (measured in {@code bench/}).
 */
public final class RevokedSessions {

	private final Map<UUID, Long> forgetAtBySession = new ConcurrentHashMap<>();

	private final long skewMillis;

	/** Sessions held until {@code valid_until} plus {@code clockSkew}. */
	public RevokedSessions(Duration clockSkew) {
		this.skewMillis = clockSkew.toMillis();
	}

	/** Remembers an ended session until {@code validUntil} plus the skew; a later time wins if reported twice. */
	public void add(UUID sessionId, Instant validUntil) {
		this.forgetAtBySession.merge(sessionId, validUntil.toEpochMilli() + this.skewMillis, Math::max);
	}

	/** Whether the session with this {@code sid} has ended. A {@code sid} that is not a UUID was never issued here. */
	public boolean contains(String sessionId) {
		UUID id = parse(sessionId);
		return id != null && this.forgetAtBySession.containsKey(id);
	}

	/** Forgets the sessions whose {@code valid_until} plus the skew is at or before {@code now}; returns how many. */
	public int forgetExpired(Instant now) {
		long millis = now.toEpochMilli();
		int before = this.forgetAtBySession.size();
		this.forgetAtBySession.values().removeIf((forgetAt) -> forgetAt <= millis);
		return before - this.forgetAtBySession.size();
	}

	public int size() {
		return this.forgetAtBySession.size();
	}

	private static UUID parse(String value) {
		if (value == null || value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

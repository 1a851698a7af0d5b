package io.gatehouse.gateway.revocation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions the revocation feed reported ended, each kept until no access token of it can
 * still be valid ({@code valid_until} plus the clock skew), so memory is bounded by the sessions
 * revoked within one access-token lifetime. Keys are the {@code sid} as a {@link UUID} and values
 * epoch seconds: about 100 bytes per session (measured in {@code bench/}).
 */
public final class RevokedSessions {

	private final Map<UUID, Long> validUntilBySession = new ConcurrentHashMap<>();

	/** Remembers an ended session until {@code validUntil}; a later time wins if reported twice. */
	public void add(UUID sessionId, Instant validUntil) {
		this.validUntilBySession.merge(sessionId, validUntil.getEpochSecond(), Math::max);
	}

	/** Whether the session with this {@code sid} has ended. A {@code sid} that is not a UUID was never issued here. */
	public boolean contains(String sessionId) {
		UUID id = parse(sessionId);
		return id != null && this.validUntilBySession.containsKey(id);
	}

	/** Forgets sessions whose tokens have all expired by {@code cutoff}; returns how many. */
	public int forgetExpiredBefore(Instant cutoff) {
		long seconds = cutoff.getEpochSecond();
		int before = this.validUntilBySession.size();
		this.validUntilBySession.values().removeIf((validUntil) -> validUntil < seconds);
		return before - this.validUntilBySession.size();
	}

	public int size() {
		return this.validUntilBySession.size();
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

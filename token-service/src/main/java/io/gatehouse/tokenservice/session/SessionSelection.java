package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Which live sessions of one user a {@link SetBasedSessionEnd} ends: a condition on the columns of
 * {@code sessions} (unqualified) and its parameters. The same condition is evaluated by every
 * statement of one end, so it must select the same rows each time while the user's row is locked;
 * both selections here do: no session of the user can be created, and the rows they select are
 * locked by the end's first statement.
 *
 * @param userId the user
 * @param condition the SQL condition, always including {@code user_id = :userId and ended_at is null}
 * @param parameters its named parameters, {@code userId} among them
 */
record SessionSelection(UUID userId, String condition, Map<String, Object> parameters) {

	/** Every session of the user that has not ended (timed-out ones too), except {@code keep} if not {@code null}. */
	static SessionSelection allOf(UUID userId, UUID keep) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("userId", userId);
		String condition = "user_id = :userId and ended_at is null";
		if (keep != null) {
			condition += " and id <> :keep";
			parameters.put("keep", keep);
		}
		return new SessionSelection(userId, condition, parameters);
	}

	/**
	 * The {@code count} live sessions of the user (not ended, not timed out at {@code now}) used least
	 * recently: oldest {@code last_refreshed_at} (a refresh or the login) first, ties by id.
	 */
	static SessionSelection leastRecentlyUsed(UUID userId, int count, Instant now) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("userId", userId);
		parameters.put("liveAt", SessionRows.at(now));
		// Ordered by columns no statement of the end changes, and those rows are locked by its first statement:
		// every statement selects the same sessions.
		String condition = "user_id = :userId and ended_at is null and id in (select x.id from sessions x "
				+ "where x.user_id = :userId and x.ended_at is null and x.idle_expires_at > :liveAt "
				+ "and x.absolute_expires_at > :liveAt order by x.last_refreshed_at, x.id limit " + count + ")";
		return new SessionSelection(userId, condition, parameters);
	}

}

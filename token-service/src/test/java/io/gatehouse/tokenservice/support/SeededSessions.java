package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Live sessions written straight into {@code sessions}, hundreds per statement: a thief's thousands
 * of logins without thousands of Argon2 checks. They belong to the {@code web} client, were created
 * at {@code now} and stay live for 12 hours; they have no refresh tokens.
 */
public final class SeededSessions {

	private static final int ROWS_PER_STATEMENT = 500;

	private SeededSessions() {
	}

	/** Inserts {@code count} live sessions of {@code userId} and returns their ids. */
	public static List<UUID> insert(DatabaseClient db, UUID userId, int count, Instant now) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(UUID.randomUUID());
		}
		for (int from = 0; from < count; from += ROWS_PER_STATEMENT) {
			// Ids we generated, never input: safe as literals, and one statement carries hundreds of rows.
			String rows = ids.subList(from, Math.min(count, from + ROWS_PER_STATEMENT))
				.stream()
				.map((id) -> "('" + id + "', :userId, 'web', 'api', :now, :now, :idle, :absolute, 1, 'thief/1.0', '127.0.0.1')")
				.collect(Collectors.joining(", "));
			db.sql("insert into sessions (id, user_id, client_id, scope, created_at, last_refreshed_at, idle_expires_at, "
					+ "absolute_expires_at, generation, user_agent, ip_address) values " + rows)
				.bind("userId", userId)
				.bind("now", now.atOffset(ZoneOffset.UTC))
				.bind("idle", now.plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC))
				.bind("absolute", now.plus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC))
				.fetch()
				.rowsUpdated()
				.block(Duration.ofSeconds(60));
		}
		return ids;
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;

/** Maps {@code sessions} rows (selected as {@code s.*}) to {@link Session}s, for every query that reads them. */
public final class SessionRows {

	/** The session columns under the table alias {@code s}. */
	public static final String COLUMNS = "s.id, s.user_id, s.client_id, s.scope, s.created_at, s.last_refreshed_at, "
			+ "s.idle_expires_at, s.absolute_expires_at, s.generation, s.user_agent, s.ip_address, s.ended_at, s.end_reason";

	private SessionRows() {
	}

	public static Session toSession(Readable row) {
		return new Session(row.get("id", UUID.class), row.get("user_id", UUID.class), row.get("client_id", String.class),
				row.get("scope", String.class), instant(row, "created_at"), instant(row, "last_refreshed_at"),
				instant(row, "idle_expires_at"), instant(row, "absolute_expires_at"), row.get("generation", Integer.class),
				row.get("user_agent", String.class), row.get("ip_address", String.class), instant(row, "ended_at"),
				row.get("end_reason", String.class));
	}

	static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}

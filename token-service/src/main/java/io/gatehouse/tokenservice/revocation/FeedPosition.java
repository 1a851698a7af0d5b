package io.gatehouse.tokenservice.revocation;

import java.util.regex.Pattern;

/**
 * Where a gateway resumes the feed: the store incarnation its cursor was given out by, and the raw
 * id cursor within that store's history. Written as the SSE event id {@code "<incarnation>.<cursor>"};
 * a plain number is the cursor of a gateway or token service from before incarnations (rolling
 * upgrade), whose incarnation is unknown and so taken to be the current one.
 *
 * @param incarnation the store incarnation (a UUID), or {@code null} for a plain numeric cursor
 * @param cursor the raw id cursor, at least 0
 */
record FeedPosition(String incarnation, long cursor) {

	/** The longest event id accepted: a UUID, a dot and a long, with room to spare; anything longer is refused. */
	static final int MAX_LENGTH = 64;

	private static final Pattern INCARNATION = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");

	/** The start of the feed: no incarnation known, cursor 0. */
	static final FeedPosition START = new FeedPosition(null, 0);

	FeedPosition {
		if (cursor < 0) {
			throw new IllegalArgumentException("cursor " + cursor + " is negative");
		}
	}

	/**
	 * Reads {@code "<incarnation>.<cursor>"} or a plain cursor; blank or {@code null} is the start.
	 *
	 * @throws IllegalArgumentException when {@code value} is neither (the message is safe to show)
	 */
	static FeedPosition parse(String value) {
		if (value == null || value.isBlank()) {
			return START;
		}
		String trimmed = value.trim();
		if (trimmed.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("the cursor is longer than " + MAX_LENGTH + " characters");
		}
		int dot = trimmed.lastIndexOf('.');
		String incarnation = (dot < 0) ? null : trimmed.substring(0, dot);
		String cursor = (dot < 0) ? trimmed : trimmed.substring(dot + 1);
		if (incarnation != null && !INCARNATION.matcher(incarnation).matches()) {
			throw new IllegalArgumentException("the cursor's store incarnation is not a lower-case UUID");
		}
		if (!CURSOR.matcher(cursor).matches()) {
			throw new IllegalArgumentException("the cursor must be a number, or an incarnation, a dot and a number");
		}
		return new FeedPosition(incarnation, Long.parseLong(cursor));
	}

	/** The SSE event id of this position; parses back to an equal one. */
	String toEventId() {
		return (this.incarnation != null) ? this.incarnation + "." + this.cursor : Long.toString(this.cursor);
	}

}

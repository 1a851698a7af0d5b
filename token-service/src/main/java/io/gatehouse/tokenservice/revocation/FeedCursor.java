package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a reader of the revocation feed stands, robust to out-of-order commits. Identity values are
 * assigned at insert but become visible at commit, so id 6 may be read before id 5 exists; a reader
 * that jumped its cursor to 6 would lose 5 forever. This cursor only advances over a contiguous run
 * of seen ids; an id still missing after {@code gapTimeout} is taken as a rolled-back insert and
 * skipped. Not thread-safe: one per reader.
 */
final class FeedCursor {

	private final Duration gapTimeout;

	private long confirmed;

	private final Map<Long, Boolean> seenAbove = new TreeMap<>();

	private Instant gapSince;

	FeedCursor(long start, Duration gapTimeout) {
		this.confirmed = start;
		this.gapTimeout = gapTimeout;
	}

	/** The cursor to query from: everything at or below it has been delivered. */
	long confirmed() {
		return this.confirmed;
	}

	/** Keeps the rows not delivered yet and advances the cursor; returns the rows to deliver. */
	List<SessionRevocation> accept(List<SessionRevocation> rows, Instant now) {
		List<SessionRevocation> fresh = rows.stream().filter((row) -> this.seenAbove.putIfAbsent(row.cursor(), true) == null).toList();
		advance(now);
		return fresh;
	}

	private void advance(Instant now) {
		while (true) {
			if (this.seenAbove.remove(this.confirmed + 1) != null) {
				this.confirmed++;
				this.gapSince = null;
				continue;
			}
			if (this.seenAbove.isEmpty()) {
				this.gapSince = null;
				return;
			}
			if (this.gapSince == null) {
				this.gapSince = now;
				return;
			}
			if (Duration.between(this.gapSince, now).compareTo(this.gapTimeout) < 0) {
				return;
			}
			this.confirmed++;
			this.gapSince = now;
		}
	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a reader of the revocation feed stands. Invariant: every id &le; {@link #highWater()} that
 * is not in an {@link #gaps() awaited gap} has been delivered, or was given up after being missing
 * for {@code gapTimeout} (or as the lowest gap when more than {@code maxGaps} were open).
 *
 * <p>Identity values are taken at insert but become visible at commit, so on PostgreSQL id 6 may be
 * read before id 5 exists. Reading by raw id pages (expired rows included, so a filtered row still
 * moves the high-water mark), every id the reader jumps over becomes part of an awaited gap,
 * timed from the moment this reader first noticed it: a gap's ids are delivered when they commit
 * and the whole gap is dropped once it is {@code gapTimeout} old (a rolled-back insert, or a row
 * the purge deleted before this reader started, never appears). Delivery never waits for a gap;
 * only the resume position ({@link #position()}) does. Not thread-safe: one per reader.
 */
final class FeedCursor {

	private final Duration gapTimeout;

	private final int maxGaps;

	private long highWater;

	/** Awaited gaps by their lowest id; disjoint, all below {@link #highWater}. */
	private final TreeMap<Long, Gap> gaps = new TreeMap<>();

	FeedCursor(long start, Duration gapTimeout, int maxGaps) {
		this.highWater = start;
		this.gapTimeout = gapTimeout;
		this.maxGaps = maxGaps;
	}

	/** The highest id read so far. */
	long highWater() {
		return this.highWater;
	}

	/**
	 * Where a reader may resume without loss: one below the lowest awaited id, else the high-water
	 * mark. Never decreases.
	 */
	long position() {
		return this.gaps.isEmpty() ? this.highWater : this.gaps.firstKey() - 1;
	}

	/** The awaited gaps, lowest first. */
	List<Gap> gaps() {
		return List.copyOf(this.gaps.values());
	}

	/**
	 * Takes rows read from the table (any order, duplicates allowed, expired rows included) and
	 * returns, in id order, those not delivered before; then drops the gaps that timed out.
	 */
	List<SessionRevocation> accept(List<SessionRevocation> rows, Instant now) {
		List<SessionRevocation> sorted = new ArrayList<>(rows);
		sorted.sort(Comparator.comparingLong(SessionRevocation::cursor));
		List<SessionRevocation> fresh = new ArrayList<>();
		for (SessionRevocation row : sorted) {
			if (take(row.cursor(), now)) {
				fresh.add(row);
			}
		}
		while (this.gaps.size() > this.maxGaps) {
			this.gaps.pollFirstEntry();
		}
		skipTimedOut(now);
		return fresh;
	}

	/** Drops every gap noticed {@code gapTimeout} or longer before {@code now}. */
	void skipTimedOut(Instant now) {
		this.gaps.values().removeIf((gap) -> !now.isBefore(gap.since().plus(this.gapTimeout)));
	}

	private boolean take(long id, Instant now) {
		if (id > this.highWater) {
			if (id > this.highWater + 1) {
				this.gaps.put(this.highWater + 1, new Gap(this.highWater + 1, id - 1, now));
			}
			this.highWater = id;
			return true;
		}
		Map.Entry<Long, Gap> entry = this.gaps.floorEntry(id);
		if (entry == null || entry.getValue().last() < id) {
			return false;
		}
		Gap gap = this.gaps.remove(entry.getKey());
		if (gap.first() < id) {
			this.gaps.put(gap.first(), new Gap(gap.first(), id - 1, gap.since()));
		}
		if (id < gap.last()) {
			this.gaps.put(id + 1, new Gap(id + 1, gap.last(), gap.since()));
		}
		return true;
	}

	/**
	 * Ids {@code first..last} (inclusive) jumped over and not seen since {@code since}.
	 *
	 * @param first lowest missing id
	 * @param last highest missing id
	 * @param since when this reader first noticed them missing
	 */
	record Gap(long first, long last, Instant since) {
	}

}

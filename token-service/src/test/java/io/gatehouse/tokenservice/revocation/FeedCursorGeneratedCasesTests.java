package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FeedCursor} over generated tables: ids taken in order, each committed after a delay, rolled
 * back, purged before the reader started, or expired (read but not relevant), read by a reader that
 * polls the way {@link RevocationPoller} does (awaited gaps, then raw pages after the high-water
 * mark while full). Checks the class invariant after every poll, and that every row committed
 * within {@code gapTimeout} of its insert is delivered exactly once. 400 cases from fixed seeds, so a
 * failure names the seed that reproduces it.
 */
class FeedCursorGeneratedCasesTests {

	private static final int CASES = 400;

	private static final long GAP_TIMEOUT = 10_000;

	private static final long POLL = 200;

	enum Fate {

		COMMITTED, EXPIRED, ROLLED_BACK, PURGED, COMMITTED_LATE

	}

	/** One id of the table: taken at {@code takenAt} ms, visible from {@code takenAt + delay} unless rolled back or purged. */
	record Insert(Fate fate, long gapBefore, long delay) {
	}

	/** 1 to 120 inserts; fates weighted 6 committed, 2 expired, 1 rolled back, 2 purged, 1 committed late. */
	private static List<Insert> table(Random random) {
		Fate[] weighted = { Fate.COMMITTED, Fate.COMMITTED, Fate.COMMITTED, Fate.COMMITTED, Fate.COMMITTED,
				Fate.COMMITTED, Fate.EXPIRED, Fate.EXPIRED, Fate.ROLLED_BACK, Fate.PURGED, Fate.PURGED,
				Fate.COMMITTED_LATE };
		int size = 1 + random.nextInt(120);
		List<Insert> table = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			table.add(new Insert(weighted[random.nextInt(weighted.length)], random.nextLong(3_001),
					random.nextLong(GAP_TIMEOUT)));
		}
		return table;
	}

	@Test
	void everyRowCommittedWithinGapTimeoutIsDeliveredExactlyOnce() {
		for (long seed = 0; seed < CASES; seed++) {
			Random random = new Random(seed);
			List<Insert> table = table(random);
			int pageSize = 1 + random.nextInt(7);
			int readerStart = random.nextInt(60_001);
			try {
				everyRowCommittedWithinGapTimeoutIsDeliveredExactlyOnce(table, pageSize, readerStart);
			}
			catch (AssertionError failure) {
				throw new AssertionError("case seed " + seed + " (page size " + pageSize + ", reader start " + readerStart
						+ " ms, table " + table + ")", failure);
			}
		}
	}

	private static void everyRowCommittedWithinGapTimeoutIsDeliveredExactlyOnce(List<Insert> table, int pageSize,
			int readerStart) {
		Map<Long, Long> visibleFrom = new HashMap<>();
		Set<Long> mustArrive = new HashSet<>();
		long takenAt = 0;
		long lastVisible = 0;
		for (int i = 0; i < table.size(); i++) {
			long id = i + 1;
			Insert insert = table.get(i);
			takenAt += insert.gapBefore();
			switch (insert.fate()) {
				case COMMITTED, EXPIRED -> {
					visibleFrom.put(id, takenAt + insert.delay());
					mustArrive.add(id);
				}
				case COMMITTED_LATE -> visibleFrom.put(id, takenAt + GAP_TIMEOUT + insert.delay());
				case PURGED -> visibleFrom.put(id, (takenAt < readerStart) ? Long.MAX_VALUE : takenAt + insert.delay());
				case ROLLED_BACK -> {
				}
			}
			long visible = visibleFrom.getOrDefault(id, 0L);
			if (visible != Long.MAX_VALUE) {
				lastVisible = Math.max(lastVisible, visible);
			}
		}
		FeedCursor cursor = new FeedCursor(0, Duration.ofMillis(GAP_TIMEOUT), 1000);
		Map<Long, Integer> delivered = new HashMap<>();
		Map<Long, Long> noticedAt = new HashMap<>();
		long previousPosition = 0;
		long end = Math.max(readerStart, lastVisible) + 3 * GAP_TIMEOUT;
		for (long now = readerStart; now <= end; now += POLL) {
			long before = cursor.highWater();
			poll(cursor, visibleFrom, now, pageSize).forEach((row) -> delivered.merge(row.cursor(), 1, Integer::sum));
			for (long id = before + 1; id <= cursor.highWater(); id++) {
				noticedAt.putIfAbsent(id, now);
			}
			assertInvariant(cursor, delivered, noticedAt, visibleFrom);
			assertThat(cursor.position()).isGreaterThanOrEqualTo(previousPosition);
			previousPosition = cursor.position();
		}
		assertThat(delivered.values()).allMatch((count) -> count == 1);
		assertThat(delivered.keySet()).containsAll(mustArrive);
	}

	/** Every id at or below the high-water mark outside the gaps was delivered, or stayed invisible for gapTimeout after it was noticed. */
	private static void assertInvariant(FeedCursor cursor, Map<Long, Integer> delivered, Map<Long, Long> noticedAt,
			Map<Long, Long> visibleFrom) {
		for (long id = 1; id <= cursor.highWater(); id++) {
			if (delivered.containsKey(id) || awaited(cursor, id)) {
				continue;
			}
			long visible = visibleFrom.getOrDefault(id, Long.MAX_VALUE);
			assertThat(visible).as("id %d given up although visible before its gap timed out", id)
				.isGreaterThan(noticedAt.get(id) + GAP_TIMEOUT);
		}
		assertThat(cursor.position()).isLessThanOrEqualTo(cursor.highWater());
		for (long id = 1; id <= cursor.position(); id++) {
			assertThat(awaited(cursor, id)).isFalse();
		}
	}

	private static boolean awaited(FeedCursor cursor, long id) {
		return cursor.gaps().stream().anyMatch((gap) -> gap.first() <= id && id <= gap.last());
	}

	/** What {@link RevocationPoller#poll()} does against the table as it stands at {@code now}. */
	private static List<SessionRevocation> poll(FeedCursor cursor, Map<Long, Long> visibleFrom, long now, int pageSize) {
		Instant instant = Instant.EPOCH.plusMillis(now);
		List<SessionRevocation> fresh = new ArrayList<>();
		List<SessionRevocation> inGaps = visible(visibleFrom, now).stream()
			.filter((id) -> awaited(cursor, id))
			.map(FeedCursorGeneratedCasesTests::row)
			.toList();
		fresh.addAll(cursor.accept(inGaps, instant));
		List<SessionRevocation> page;
		do {
			long after = cursor.highWater();
			page = visible(visibleFrom, now).stream().filter((id) -> id > after).sorted().limit(pageSize)
				.map(FeedCursorGeneratedCasesTests::row).toList();
			fresh.addAll(cursor.accept(page, instant));
		}
		while (page.size() == pageSize);
		cursor.skipTimedOut(instant);
		return fresh;
	}

	private static List<Long> visible(Map<Long, Long> visibleFrom, long now) {
		return visibleFrom.entrySet().stream().filter((entry) -> entry.getValue() <= now).map(Map.Entry::getKey).toList();
	}

	private static SessionRevocation row(long id) {
		return new SessionRevocation(id, new UUID(0, id), "revoked_logout", Instant.EPOCH, Instant.EPOCH);
	}

}

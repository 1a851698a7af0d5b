package io.gatehouse.tokenservice.revocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RowsRead}, the newest rows a poller read, which it looks up on every poll to notice an id
 * handed out again. Generated cases run from fixed seeds, so a failure names the seed.
 */
class RowsReadTests {

	private static final int CASES = 500;

	@Test
	void rememberWhenNothingReadThenNoFingerprints() {
		assertThat(new RowsRead().fingerprints()).isEmpty();
	}

	@Test
	void rememberWhenPagesInAnyOrderThenHoldsTheHighestIdsReadWithTheirSessions() {
		for (long seed = 1; seed <= CASES; seed++) {
			Random random = new Random(seed);
			List<SessionRevocation> rows = new ArrayList<>();
			long id = 0;
			for (int i = random.nextInt(40); i > 0; i--) {
				id += 1 + random.nextInt(random.nextBoolean() ? 3 : 1_000_000);
				rows.add(row(id));
			}
			// gaps read later than the rows after them, and pages of any size
			Collections.shuffle(rows, random);
			RowsRead read = new RowsRead();
			TreeMap<Long, UUID> all = new TreeMap<>();
			for (int from = 0; from < rows.size();) {
				int to = Math.min(rows.size(), from + 1 + random.nextInt(6));
				List<SessionRevocation> page = rows.subList(from, to);
				read.remember(page);
				page.forEach((row) -> all.put(row.cursor(), row.sessionId()));
				from = to;
			}
			Map<Long, UUID> expected = new TreeMap<>(all.descendingMap()
				.entrySet()
				.stream()
				.limit(RowsRead.CAPACITY)
				.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

			assertThat(read.asMap()).as("seed %d", seed).isEqualTo(expected);
			assertThat(read.fingerprints()).as("seed %d", seed)
				.extracting(RowsRead.Fingerprint::id)
				.isSorted()
				.hasSize(expected.size());
		}
	}

	private static SessionRevocation row(long id) {
		Instant now = Instant.EPOCH;
		return new SessionRevocation(id, UUID.randomUUID(), "revoked_logout", now, now);
	}

}

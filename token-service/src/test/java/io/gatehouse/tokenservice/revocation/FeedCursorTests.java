package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedCursorTests {

	private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void acceptWhenContiguousThenCursorAdvancesToLast() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10));

		assertThat(cursor.accept(rows(1, 2, 3), this.now)).hasSize(3);

		assertThat(cursor.confirmed()).isEqualTo(3);
	}

	@Test
	void acceptWhenLaterIdCommittedFirstThenCursorWaitsAndEarlierIdIsStillDelivered() {
		FeedCursor cursor = new FeedCursor(4, Duration.ofSeconds(10));

		assertThat(cursor.accept(rows(6), this.now)).extracting(SessionRevocation::cursor).containsExactly(6L);
		assertThat(cursor.confirmed()).isEqualTo(4);

		assertThat(cursor.accept(rows(5, 6), this.now.plusSeconds(1))).extracting(SessionRevocation::cursor)
			.containsExactly(5L);
		assertThat(cursor.confirmed()).isEqualTo(6);
	}

	@Test
	void acceptWhenGapOutlivesTimeoutThenTakenAsRolledBackAndSkipped() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10));
		cursor.accept(rows(2), this.now);

		cursor.accept(rows(2), this.now.plusSeconds(5));
		assertThat(cursor.confirmed()).isZero();

		assertThat(cursor.accept(rows(2, 3), this.now.plusSeconds(11))).extracting(SessionRevocation::cursor)
			.containsExactly(3L);
		assertThat(cursor.confirmed()).isEqualTo(3);
	}

	private static List<SessionRevocation> rows(long... ids) {
		return java.util.Arrays.stream(ids)
			.mapToObj((id) -> new SessionRevocation(id, UUID.randomUUID(), "revoked_logout", Instant.EPOCH, Instant.MAX))
			.toList();
	}

}

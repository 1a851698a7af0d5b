package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeedCursorTests {

	private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void acceptWhenContiguousThenPositionAdvancesToLast() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10), 16);

		assertThat(cursor.accept(rows(1, 2, 3), this.now)).hasSize(3);

		assertThat(cursor.position()).isEqualTo(3);
	}

	@Test
	void acceptWhenLaterIdCommittedFirstThenPositionWaitsAndEarlierIdIsStillDelivered() {
		FeedCursor cursor = new FeedCursor(4, Duration.ofSeconds(10), 16);

		assertThat(cursor.accept(rows(6), this.now)).extracting(SessionRevocation::cursor).containsExactly(6L);
		assertThat(cursor.position()).isEqualTo(4);

		assertThat(cursor.accept(rows(5, 6), this.now.plusSeconds(1))).extracting(SessionRevocation::cursor)
			.containsExactly(5L);
		assertThat(cursor.position()).isEqualTo(6);
	}

	@Test
	void acceptWhenWholeGapOutlivesTimeoutThenItIsSkippedAtOnce() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10), 16);
		cursor.accept(rows(500, 501), this.now);

		cursor.accept(rows(), this.now.plusMillis(9_999));
		assertThat(cursor.position()).isZero();

		assertThat(cursor.accept(rows(502), this.now.plusSeconds(10))).extracting(SessionRevocation::cursor)
			.containsExactly(502L);
		assertThat(cursor.position()).isEqualTo(502);
	}

	@Test
	void acceptWhenRowsBelowHighWaterWereDeliveredThenNotDeliveredAgain() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10), 16);
		cursor.accept(rows(1, 3), this.now);

		assertThat(cursor.accept(rows(1, 2, 3, 4), this.now)).extracting(SessionRevocation::cursor)
			.containsExactly(2L, 4L);
		assertThat(cursor.gaps()).isEmpty();
	}

	@Test
	void acceptWhenMoreGapsThanTheBoundThenLowestGivenUpFirst() {
		FeedCursor cursor = new FeedCursor(0, Duration.ofSeconds(10), 2);

		cursor.accept(rows(2, 4, 6), this.now);

		assertThat(cursor.gaps()).extracting(FeedCursor.Gap::first).containsExactly(3L, 5L);
		assertThat(cursor.position()).isEqualTo(2);
	}

	private static List<SessionRevocation> rows(long... ids) {
		return Arrays.stream(ids)
			.mapToObj((id) -> new SessionRevocation(id, UUID.randomUUID(), "revoked_logout", Instant.EPOCH, Instant.MAX))
			.toList();
	}

}

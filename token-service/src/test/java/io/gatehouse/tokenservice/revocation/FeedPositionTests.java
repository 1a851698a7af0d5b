package io.gatehouse.tokenservice.revocation;

import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link FeedPosition}, the SSE event id a gateway resumes with: {@code "<incarnation>.<cursor>"}, or
 * the plain number of a gateway from before incarnations. Generated cases run from fixed seeds, so a
 * failure names the seed that reproduces it.
 */
class FeedPositionTests {

	private static final int CASES = 2_000;

	@Test
	void parseWhenCompositeThenIncarnationAndCursor() {
		String incarnation = UUID.randomUUID().toString();

		assertThat(FeedPosition.parse(incarnation + ".42")).isEqualTo(new FeedPosition(incarnation, 42));
		assertThat(FeedPosition.parse(" " + incarnation + ".0 ")).isEqualTo(new FeedPosition(incarnation, 0));
	}

	@Test
	void parseWhenPlainNumberThenCursorOfNoKnownIncarnation() {
		assertThat(FeedPosition.parse("611")).isEqualTo(new FeedPosition(null, 611));
		assertThat(FeedPosition.parse(null)).isEqualTo(FeedPosition.START);
		assertThat(FeedPosition.parse("  ")).isEqualTo(FeedPosition.START);
	}

	@Test
	void parseWhenMalformedThenIllegalArgumentSayingWhat() {
		String incarnation = UUID.randomUUID().toString();
		for (String value : new String[] { "-1", "1e3", "x", incarnation + ".", incarnation + ".-3", ".5",
				incarnation.toUpperCase() + ".5", "not-a-uuid.5", incarnation + "." + incarnation + ".5",
				"9".repeat(19), incarnation + "." + "9".repeat(19) }) {
			assertThatIllegalArgumentException().as(value).isThrownBy(() -> FeedPosition.parse(value))
				.withMessageStartingWith("the cursor");
		}
	}

	@Test
	void toEventIdWhenParsedBackThenSamePositionOverGeneratedCases() {
		for (long seed = 0; seed < CASES; seed++) {
			Random random = new Random(seed);
			String incarnation = random.nextBoolean() ? new UUID(random.nextLong(), random.nextLong()).toString() : null;
			long cursor = switch (random.nextInt(3)) {
				case 0 -> random.nextInt(1_000);
				case 1 -> Math.floorMod(random.nextLong(), 999_999_999_999_999_999L);
				default -> 999_999_999_999_999_999L;
			};
			FeedPosition position = new FeedPosition(incarnation, cursor);

			assertThat(FeedPosition.parse(position.toEventId())).as("seed %d", seed).isEqualTo(position);
			assertThat(position.toEventId().length()).as("seed %d", seed).isLessThanOrEqualTo(FeedPosition.MAX_LENGTH);
		}
	}

	@Test
	void parseWhenArbitraryTextThenAPositionOrAnIllegalArgumentNeverAnotherFailureOverGeneratedCases() {
		String alphabet = "0123456789abcdef-.ABZ +\u00e9\n";
		for (long seed = 0; seed < CASES; seed++) {
			Random random = new Random(seed);
			StringBuilder value = new StringBuilder();
			if (random.nextBoolean()) {
				value.append(new UUID(random.nextLong(), random.nextLong()));
			}
			int length = random.nextInt(90);
			for (int i = 0; i < length; i++) {
				value.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			Throwable failure = catchThrowable(() -> FeedPosition.parse(value.toString()));

			assertThat(failure).as("seed %d: %s", seed, value).satisfiesAnyOf((ex) -> assertThat(ex).isNull(),
					(ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class));
		}
	}

}

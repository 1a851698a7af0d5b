package io.gatehouse.tokenservice.user;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.gatehouse.tokenservice.web.OAuthErrorException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NIST SP 800-63B rules of {@link PasswordPolicy}: length bounds in code points, not the
 * username, not guessable by the nbvcxz estimator and its breached-password dictionary.
 */
class PasswordPolicyTests {

	private static final PasswordPolicy policy = new PasswordPolicy(new PasswordProperties(10, 8));

	/** With the shortest minimum allowed, so nine-character classics reach the estimator. */
	private static final PasswordPolicy shortMinimum = new PasswordPolicy(new PasswordProperties(8, 8));

	@Test
	void violationWhenStrongPassphraseThenNone() {
		assertThat(policy.violation("alice", "violet-harbour-tangent-47")).isEmpty();
		assertThat(policy.violation("alice", "xq7-wlp9zk")).isEmpty();
	}

	@Test
	void violationWhenCommonBreachedPasswordsThenTooCommon() {
		for (String common : new String[] { "password1", "qwerty123", "iloveyou2", "Password1", "letmein12" }) {
			assertThat(shortMinimum.violation("alice", common)).as(common)
				.hasValue("password is too common or too easy to guess");
		}
		for (String common : new String[] { "password123", "PassWord123", "qwertyuiop", "1q2w3e4r5t", "iloveyou123",
				"sunshine12", "football99", "dragon12345", "passw0rd123", "Summer2024!" }) {
			assertThat(policy.violation("alice", common)).as(common).hasValue("password is too common or too easy to guess");
		}
	}

	@Test
	void violationWhenNullEmptyOrBlankThenMustNotBeEmpty() {
		assertThat(policy.violation("alice", null)).hasValue("password must not be empty");
		assertThat(policy.violation("alice", "")).hasValue("password must not be empty");
		assertThat(policy.violation("alice", "            ")).hasValue("password must not be empty");
	}

	@Test
	void violationWhenShorterThanMinimumThenSaysTheMinimum() {
		assertThat(policy.violation("alice", "xq7-wlp9z")).hasValue("password must be at least 10 characters");
		assertThat(policy.violation("alice", "xq7-wlp9zk")).isEmpty();
		PasswordPolicy fourteen = new PasswordPolicy(new PasswordProperties(14, 8));
		assertThat(fourteen.violation("alice", "xq7-wlp9zk-bn3")).isEmpty();
		assertThat(fourteen.violation("alice", "xq7-wlp9zk-bn")).hasValue("password must be at least 14 characters");
	}

	@Test
	void violationWhenLongerThanMaximumThenSaysTheMaximum() {
		String atMaximum = "xq7-wlp9zk-bn3".repeat(9) + "vt";
		assertThat(atMaximum).hasSize(PasswordLength.MAX);

		assertThat(policy.violation("alice", atMaximum)).isEmpty();
		assertThat(policy.violation("alice", atMaximum + "f")).hasValue("password must be at most 128 characters");
		assertThat(policy.violation("alice", "f".repeat(1_000_000))).hasValue("password must be at most 128 characters");
	}

	@Test
	void violationWhenLengthCountedThenCodePointsNotUtf16Units() {
		String fiveEmoji = "\uD83D\uDE00\uD83D\uDE21\uD83D\uDE4A\uD83D\uDE0E\uD83D\uDE31";
		assertThat(fiveEmoji).hasSize(10);
		String sixtyFour = emoji(64);
		assertThat(sixtyFour).hasSize(128);

		assertThat(policy.violation("alice", fiveEmoji)).hasValue("password must be at least 10 characters");
		assertThat(policy.violation("alice", sixtyFour)).isEmpty();
		assertThat(policy.violation("alice", emoji(128))).isEmpty();
		assertThat(policy.violation("alice", emoji(129))).hasValue("password must be at most 128 characters");
	}

	@Test
	void violationWhenContainsUsernameInAnyCaseThenRefused() {
		assertThat(policy.violation("alice", "Alice-in-wonderland")).hasValue("password must not contain the username");
		assertThat(policy.violation("ALICE", "my alice password")).hasValue("password must not contain the username");
	}

	@Test
	void violationWhenUsernameVeryShortThenOnlyEqualityRefused() {
		assertThat(policy.violation("al", "violet-harbour-tangent-47")).isEmpty();
		assertThat(policy.violation("bobsleigh7", "Bobsleigh7")).isPresent();
	}

	@Test
	void violationWhenFewerThanThreeDistinctCharactersThenTooCommon() {
		assertThat(policy.violation("alice", "zzzzzzzzzzzz")).hasValue("password is too common or too easy to guess");
		assertThat(policy.violation("alice", "zyzyzyzyzyzy")).hasValue("password is too common or too easy to guess");
	}

	@Test
	void violationWhenLongRepetitivePasswordsThenEstimateStaysBounded() {
		// Patterns that make an unbounded estimator search for seconds: each must be decided in well under one.
		String[] slow = { "ab".repeat(64), "abcabc".repeat(21), "password".repeat(16), "0123456789".repeat(12),
				"qwertyuiopasdfghjklzxcvbnm".repeat(4), "ilovepasswordmonkeydragon".repeat(5) };
		policy.violation("alice", slow[0]);
		for (String password : slow) {
			long started = System.nanoTime();
			policy.violation("alice", password);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(password.substring(0, 8))
				.isLessThan(Duration.ofMillis(600));
		}
	}

	@Test
	void checkWhenWeakThenInvalidRequestAndWhenStrongThenCompletes() {
		StepVerifier.create(policy.check("alice", "password123"))
			.expectErrorSatisfies((error) -> assertThat(((OAuthErrorException) error).error().description())
				.isEqualTo("password is too common or too easy to guess"))
			.verify();
		StepVerifier.create(policy.check("alice", "violet-harbour-tangent-47")).verifyComplete();
	}

	/** {@code count} emoji, varied enough not to be a pattern. */
	static String emoji(int count) {
		StringBuilder emoji = new StringBuilder();
		for (int i = 0; i < count; i++) {
			emoji.appendCodePoint(0x1F600 + (i * 37) % 80);
		}
		return emoji.toString();
	}

}

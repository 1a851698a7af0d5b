package io.gatehouse.tokenservice.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The NIST SP 800-63B rules of {@link PasswordPolicy}: length bounds, not the username, not common. */
class PasswordPolicyTests {

	private final PasswordPolicy policy = new PasswordPolicy(10);

	@Test
	void violationWhenLongUncommonPasswordThenNone() {
		assertThat(this.policy.violation("alice", "correct horse battery staple")).isEmpty();
	}

	@Test
	void violationWhenNullEmptyOrBlankThenMustNotBeEmpty() {
		assertThat(this.policy.violation("alice", null)).hasValue("password must not be empty");
		assertThat(this.policy.violation("alice", "")).hasValue("password must not be empty");
		assertThat(this.policy.violation("alice", "            ")).hasValue("password must not be empty");
	}

	@Test
	void violationWhenShorterThanMinimumThenSaysTheMinimum() {
		assertThat(this.policy.violation("alice", "xq7-wlp9z")).hasValue("password must be at least 10 characters");
		assertThat(this.policy.violation("alice", "xq7-wlp9zk")).isEmpty();
		assertThat(new PasswordPolicy(14).violation("alice", "xq7-wlp9zk-bn3"))
			.isEmpty();
		assertThat(new PasswordPolicy(14).violation("alice", "xq7-wlp9zk-bn"))
			.hasValue("password must be at least 14 characters");
	}

	@Test
	void violationWhenLongerThanMaximumThenSaysTheMaximum() {
		String atMaximum = "abc".repeat(42) + "de";
		assertThat(atMaximum).hasSize(PasswordPolicy.MAX_LENGTH);

		assertThat(this.policy.violation("alice", atMaximum)).isEmpty();
		assertThat(this.policy.violation("alice", atMaximum + "f")).hasValue("password must be at most 128 characters");
	}

	@Test
	void violationWhenContainsUsernameInAnyCaseThenRefused() {
		assertThat(this.policy.violation("alice", "Alice-in-wonderland")).hasValue("password must not contain the username");
		assertThat(this.policy.violation("ALICE", "my alice password")).hasValue("password must not contain the username");
		assertThat(this.policy.violation(null, "my alice password")).isEmpty();
	}

	@Test
	void violationWhenUsernameVeryShortThenOnlyEqualityRefused() {
		assertThat(this.policy.violation("al", "a calm lake at dawn")).isEmpty();
		assertThat(this.policy.violation("bob", "Bob")).isPresent();
	}

	@Test
	void violationWhenLengthCountedThenCodePointsNotUtf16Units() {
		String fiveEmoji = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03\uD83D\uDE04";
		assertThat(fiveEmoji).hasSize(10);

		assertThat(this.policy.violation("alice", fiveEmoji)).hasValue("password must be at least 10 characters");
		assertThat(this.policy.violation("alice", fiveEmoji + fiveEmoji)).isEmpty();
	}

	@Test
	void violationWhenCommonPasswordInAnyCaseThenTooCommon() {
		assertThat(this.policy.violation("alice", "password123")).hasValue("password is too common");
		assertThat(this.policy.violation("alice", "PassWord123")).hasValue("password is too common");
		assertThat(this.policy.violation("alice", "qwertyuiop")).hasValue("password is too common");
	}

	@Test
	void violationWhenFewerThanThreeDistinctCharactersThenTooCommon() {
		assertThat(this.policy.violation("alice", "zzzzzzzzzzzz")).hasValue("password is too common");
		assertThat(this.policy.violation("alice", "zyzyzyzyzyzy")).hasValue("password is too common");
		assertThat(this.policy.violation("alice", "zyxzyxzyxzyx")).isEmpty();
	}

}

package io.gatehouse.tokenservice.user;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Password rules under {@code gatehouse.passwords.*}, after NIST SP 800-63B §5.1.1.2: a minimum
 * length (default 10, counted in Unicode code points), a maximum of 128 characters (Argon2 cost
 * is bounded), not containing the username (when it has 4 or more characters), and not one of the
 * most common passwords. No composition rules.
 *
 * @param minLength the shortest acceptable password; default 10
 */
@Validated
@ConfigurationProperties("gatehouse.passwords")
public record PasswordPolicy(@Min(8) @DefaultValue("10") int minLength) {

	static final int MAX_LENGTH = 128;

	/** Usernames at least this long may not appear anywhere in the password. */
	static final int MIN_USERNAME_TO_MATCH = 4;

	private static final Set<String> COMMON = Set.of("password", "password1", "password12", "password123",
			"password1234", "1234567890", "12345678901", "123456789012", "qwertyuiop", "qwertyuiop1", "iloveyou12",
			"letmein123", "welcome123", "admin12345", "administrator", "changeme12", "0123456789", "abcdefghij",
			"passw0rd123", "trustno1234");

	/** Why the password is not acceptable, or empty when it is. */
	public Optional<String> violation(String username, String password) {
		if (password == null || password.isBlank()) {
			return Optional.of("password must not be empty");
		}
		// Characters as people count them (code points), not UTF-16 units: an emoji is one.
		int length = password.codePointCount(0, password.length());
		if (length < this.minLength) {
			return Optional.of("password must be at least " + this.minLength + " characters");
		}
		if (length > MAX_LENGTH) {
			return Optional.of("password must be at most " + MAX_LENGTH + " characters");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		// A very short username (say "al") would forbid half of all passwords; then only equality counts.
		boolean containsUsername = username != null && (username.length() >= MIN_USERNAME_TO_MATCH
				? lower.contains(username.toLowerCase(Locale.ROOT)) : lower.equals(username.toLowerCase(Locale.ROOT)));
		if (containsUsername) {
			return Optional.of("password must not contain the username");
		}
		if (COMMON.contains(lower) || password.chars().distinct().count() < 3) {
			return Optional.of("password is too common");
		}
		return Optional.empty();
	}

}

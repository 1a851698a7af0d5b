package io.gatehouse.tokenservice.user;

import java.util.Optional;

/**
 * The one length rule for passwords, at signup, admin create, password change and login: counted in
 * Unicode code points (an emoji is one character, as people count), at most {@link #MAX}. The
 * maximum bounds the work a password can cause (Argon2id, the strength estimate); login applies it
 * too, so any password that can be set can be used, and nothing longer reaches Argon2.
 */
public final class PasswordLength {

	/** The longest password, in code points. */
	public static final int MAX = 128;

	/** The message for a password over {@link #MAX}, the same at every endpoint. */
	public static final String TOO_LONG = "password must be at most " + MAX + " characters";

	private PasswordLength() {
	}

	/** The length in code points; {@code 0} for {@code null}. */
	public static int of(String password) {
		return (password != null) ? password.codePointCount(0, password.length()) : 0;
	}

	/** Whether the password is longer than {@link #MAX} code points (checked without counting past it). */
	public static boolean isTooLong(String password) {
		// More than 2 * MAX UTF-16 units is always more than MAX code points: no need to count a huge string.
		return password != null && (password.length() > 2 * MAX || of(password) > MAX);
	}

	/** Why the length is unacceptable for a new password, or empty. */
	static Optional<String> violation(String password, int minLength) {
		if (isTooLong(password)) {
			return Optional.of(TOO_LONG);
		}
		if (of(password) < minLength) {
			return Optional.of("password must be at least " + minLength + " characters");
		}
		return Optional.empty();
	}

}

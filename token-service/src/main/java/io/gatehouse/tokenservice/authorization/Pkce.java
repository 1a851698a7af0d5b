package io.gatehouse.tokenservice.authorization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 PKCE with the {@code S256} method, the only one accepted. */
final class Pkce {

	/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
	private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

	private Pkce() {
	}

	/** Whether {@code verifier} is well formed and {@code BASE64URL(SHA256(verifier))} is {@code challenge}. */
	static boolean verifies(String verifier, String challenge) {
		if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
			return false;
		}
		byte[] computed = Base64.getUrlEncoder()
			.withoutPadding()
			.encode(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
		return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every JDK", ex);
		}
	}

}

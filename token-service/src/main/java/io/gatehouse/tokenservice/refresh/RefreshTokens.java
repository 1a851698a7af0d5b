package io.gatehouse.tokenservice.refresh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Refresh token values: 256 bits from {@link SecureRandom}, base64url without padding (43
 * characters). Only their SHA-256 is stored; with 256 bits of entropy a fast hash is enough, and
 * looking a token up by its hash means no secret is ever compared byte by byte.
 */
public final class RefreshTokens {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private RefreshTokens() {
	}

	public static String generate() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return encoder.encodeToString(bytes);
	}

	/** The stored form of a token: lowercase hex SHA-256. */
	public static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every JDK", ex);
		}
	}

	/** Whether the string can be a refresh token at all (cheap check before touching the database). */
	static boolean isWellFormed(String token) {
		if (token == null || token.length() < 32 || token.length() > 512) {
			return false;
		}
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_') || c > 127) {
				return false;
			}
		}
		return true;
	}

}

package io.gatehouse.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The username key over fixed and generated spellings. The generated cases and their pinned digests
 * are the same in the token service's {@code UsernameKeyTests}: the limiter counts exactly the key the
 * token service logs in with. The alphabet holds only characters assigned long ago (Unicode's stability
 * policy keeps their normalization), so the digests do not depend on the JDK's Unicode version.
 */
class UsernameKeyTests {

	/** Code points the generated usernames are drawn from: ASCII, fullwidth forms and known troublemakers. */
	private static final int[] ALPHABET = alphabet();

	/** A digest of the keys of 500 usernames per seed; the token service's test pins the same values. */
	private static final Map<Long, String> PINNED = Map.of(1L, "2a45f028f972bc31", 2L, "9f72f50c714ede7f",
			3L, "0257485f1587f60c", 4L, "12f94dc38fe5f50a", 5L, "14c5b2c117553adc", 6L, "ade6b6996cd08b5f",
			7L, "fd4d27d3c6fbd71f", 8L, "f3b08a9ed0608a06");

	@Test
	void ofWhenCaseOrWidthDiffersThenSameKey() {
		assertThat(UsernameKey.of("Alice")).isEqualTo("alice");
		assertThat(UsernameKey.of("ALICE")).isEqualTo("alice");
		assertThat(UsernameKey.of("\uFF41\uFF4C\uFF49\uFF43\uFF45")).isEqualTo("alice");
		assertThat(UsernameKey.of("\uFF21\uFF2C\uFF29\uFF23\uFF25")).isEqualTo("alice");
		assertThat(UsernameKey.of("\u212Aate")).isEqualTo("kate");
		assertThat(UsernameKey.of("\uFB01sh")).isEqualTo("fish");
		assertThat(UsernameKey.of("bob.smith+1@example.org")).isEqualTo("bob.smith+1@example.org");
		assertThat(UsernameKey.of(null)).isNull();
	}

	@Test
	void ofWhenNoCompatibleAsciiFormThenNotAsciiAndSoNoUsersKey() {
		// The root locale: a Turkish dotted capital I is not the ASCII i of some other user.
		assertThat(UsernameKey.of("\u0130van")).isNotEqualTo("ivan");
		assertThat(UsernameKey.of("al\u200Bice")).isNotEqualTo("alice");
		assertThat(UsernameKey.of("\u0430lice")).isNotEqualTo("alice");
	}

	@Test
	void ofWhenGeneratedSpellingsThenOutputPinnedAndEqualToTheTokenServicesKey() {
		for (Map.Entry<Long, String> pinned : PINNED.entrySet()) {
			assertThat(digest(pinned.getKey())).as("seed %d", pinned.getKey()).isEqualTo(pinned.getValue());
		}
	}

	@Test
	void ofWhenGeneratedAsciiSpellingsInAnyCaseOrWidthThenTheLowerCaseAscii() {
		for (long seed = 1; seed <= 8; seed++) {
			Random random = new Random(seed);
			for (int i = 0; i < 500; i++) {
				String ascii = randomAscii(random);
				String expected = ascii.toLowerCase(Locale.ROOT);
				assertThat(UsernameKey.of(ascii.toUpperCase(Locale.ROOT))).as("seed %d, %s", seed, ascii).isEqualTo(expected);
				assertThat(UsernameKey.of(fullwidth(ascii, random))).as("seed %d, %s", seed, ascii).isEqualTo(expected);
			}
		}
	}

	/** The same generator as the token service's test: 500 usernames of 1 to 12 code points from {@link #ALPHABET}. */
	static String digest(long seed) {
		Random random = new Random(seed);
		MessageDigest sha256 = sha256();
		for (int i = 0; i < 500; i++) {
			StringBuilder username = new StringBuilder();
			int length = 1 + random.nextInt(12);
			for (int c = 0; c < length; c++) {
				username.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
			}
			sha256.update(UsernameKey.of(username.toString()).getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
		}
		return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
	}

	private static String randomAscii(Random random) {
		String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+-";
		StringBuilder name = new StringBuilder();
		int length = 1 + random.nextInt(20);
		for (int i = 0; i < length; i++) {
			name.append(chars.charAt(random.nextInt(chars.length())));
		}
		return name.toString();
	}

	/** Some characters of {@code ascii} replaced by their fullwidth forms (U+FF01..U+FF5E). */
	private static String fullwidth(String ascii, Random random) {
		StringBuilder out = new StringBuilder();
		ascii.chars().forEach((c) -> out.append(random.nextBoolean() ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return out.toString();
	}

	private static int[] alphabet() {
		StringBuilder points = new StringBuilder("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+- ");
		for (int c = 0xFF01; c <= 0xFF5E; c += 3) {
			points.appendCodePoint(c);
		}
		// Kelvin and Angstrom signs, ligatures, sharp s, Turkish i, Greek sigma, combining acute, superscript,
		// circled and Roman numerals, zero-width space, soft hyphen, Cyrillic a, ideographic space, long s, an emoji.
		int[] special = { 0x212A, 0x212B, 0xFB00, 0xFB01, 0x00DF, 0x1E9E, 0x0130, 0x0131, 0x03A3, 0x03C2, 0x0301, 0x00E9,
				0x00B2, 0x2460, 0x2167, 0x200B, 0x00AD, 0x0410, 0x0430, 0x3000, 0x017F, 0x1F600, 0x00C5, 0x01C4 };
		for (int c : special) {
			points.appendCodePoint(c);
		}
		return points.codePoints().toArray();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.gatehouse.tokenservice.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.config.StartupRefusal;

/**
 * The AES-256 key that encrypts signing keys at rest. Taken from
 * {@code GATEHOUSE_KEY_ENCRYPTION_KEY}; in production its absence stops the service with a message
 * saying what to set; in development one is generated once into
 * {@code <data-dir>/key-encryption-key} (owner-only permissions) and reused on every start, so
 * restarts keep their keys.
 */
public final class KeyEncryptionKey {

	static final String FILE_NAME = "key-encryption-key";

	private static final Log logger = LogFactory.getLog(KeyEncryptionKey.class);

	private final SecretKey key;

	private final Path developmentFile;

	private KeyEncryptionKey(byte[] bytes, Path developmentFile) {
		this.key = new SecretKeySpec(bytes, "AES");
		this.developmentFile = developmentFile;
	}

	public SecretKey secretKey() {
		return this.key;
	}

	/**
	 * What to do when stored signing keys do not open with this key: carry the right key here,
	 * from wherever it came from.
	 */
	String actionWhenKeysDoNotOpen() {
		if (this.developmentFile == null) {
			return "Set GATEHOUSE_KEY_ENCRYPTION_KEY to the value the signing keys were stored with; every replica "
					+ "needs the same one.";
		}
		return "GATEHOUSE_KEY_ENCRYPTION_KEY is not set, so this start used the development key in "
				+ this.developmentFile.toAbsolutePath().normalize() + ", which is not the one the keys were stored "
				+ "with (started from another directory, or another gatehouse.data-dir?). Start the service where "
				+ "its data directory is, or set gatehouse.data-dir to it. To carry that key to production, set "
				+ "GATEHOUSE_KEY_ENCRYPTION_KEY to the content of its key-encryption-key file.";
	}

	/**
	 * The configured key ({@code GATEHOUSE_KEY_ENCRYPTION_KEY}); a {@link StartupRefusal} saying what is
	 * wrong when it is not 32 bytes of base64.
	 */
	public static KeyEncryptionKey configured(String encoded) {
		return new KeyEncryptionKey(decode(encoded.trim()), null);
	}

	/**
	 * The development key already generated under {@code dataDir}, read without creating one; empty
	 * when there is none yet.
	 */
	public static java.util.Optional<KeyEncryptionKey> existingDevelopmentKey(Path dataDir) {
		Path file = developmentFile(dataDir);
		if (!Files.exists(file)) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional
				.of(new KeyEncryptionKey(decode(Files.readString(file, StandardCharsets.US_ASCII).trim()), file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the development key-encryption key " + file, ex);
		}
	}

	/** Where development mode keeps the key it generates under {@code dataDir}. */
	public static Path developmentFile(Path dataDir) {
		return dataDir.resolve(FILE_NAME);
	}

	/** Whether {@code other} is the same key (compared in constant time). */
	public boolean sameKeyAs(KeyEncryptionKey other) {
		return java.security.MessageDigest.isEqual(this.key.getEncoded(), other.key.getEncoded());
	}

	static KeyEncryptionKey load(SigningProperties signing, GatehouseProperties gatehouse, RuntimeMode mode) {
		String configured = signing.keyEncryptionKey();
		if (configured != null && !configured.isBlank()) {
			return new KeyEncryptionKey(decode(configured.trim()), null);
		}
		if (mode.isProduction()) {
			throw new StartupRefusal("No key-encryption key in production mode.",
					"Set GATEHOUSE_KEY_ENCRYPTION_KEY to 32 random bytes, base64-encoded (for example: openssl rand "
							+ "-base64 32), and give every replica the same value.");
		}
		Path file = gatehouse.dataDir().resolve(FILE_NAME);
		return new KeyEncryptionKey(developmentKey(file), file);
	}

	private static byte[] decode(String encoded) {
		byte[] bytes;
		try {
			bytes = (encoded.contains("-") || encoded.contains("_")) ? Base64.getUrlDecoder().decode(encoded)
					: Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			throw new StartupRefusal("GATEHOUSE_KEY_ENCRYPTION_KEY is not base64.",
					"Set it to 32 random bytes, base64-encoded (openssl rand -base64 32).");
		}
		if (bytes.length != 32) {
			throw new StartupRefusal("GATEHOUSE_KEY_ENCRYPTION_KEY must decode to 32 bytes, not " + bytes.length + ".",
					"Set it to 32 random bytes, base64-encoded (openssl rand -base64 32).");
		}
		return bytes;
	}

	private static byte[] developmentKey(Path file) {
		try {
			if (Files.exists(file)) {
				return decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
			}
			byte[] bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
			Files.createDirectories(file.getParent());
			Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
			restrictToOwner(file);
			logger.warn("""

					******************************************************************************
					* DEVELOPMENT MODE: generated a key-encryption key in %s
					* Signing keys are encrypted with it. Anyone with this file and the database
					* can mint tokens. For production set GATEHOUSE_KEY_ENCRYPTION_KEY and
					* gatehouse.mode=production.
					******************************************************************************""".formatted(file.toAbsolutePath()));
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the development key-encryption key " + file, ex);
		}
	}

	private static void restrictToOwner(Path file) throws IOException {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			file.toFile().setReadable(false, false);
			file.toFile().setReadable(true, true);
		}
	}

}

package io.gatehouse.tokenservice.signing;

import java.text.ParseException;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.JWK;

/**
 * Encrypts private JWKs for storage as compact JWE ({@code dir} + {@code A256GCM}: AES-GCM under
 * the key-encryption key, a fresh IV each time, authenticated so tampering is detected) and back.
 * The key id is bound as the JWE's {@code kid}, so a sealed key cannot be swapped between rows.
 */
final class PrivateKeySealer {

	private final KeyEncryptionKey keyEncryptionKey;

	PrivateKeySealer(KeyEncryptionKey keyEncryptionKey) {
		this.keyEncryptionKey = keyEncryptionKey;
	}

	String seal(JWK privateKey) throws JOSEException {
		JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
			.keyID(privateKey.getKeyID())
			.build();
		JWEObject jwe = new JWEObject(header, new Payload(privateKey.toJSONObject()));
		jwe.encrypt(new DirectEncrypter(this.keyEncryptionKey.secretKey()));
		return jwe.serialize();
	}

	JWK unseal(String kid, String sealed) throws JOSEException, ParseException {
		JWEObject jwe = JWEObject.parse(sealed);
		if (!kid.equals(jwe.getHeader().getKeyID())) {
			throw new JOSEException("Sealed key " + jwe.getHeader().getKeyID() + " stored under " + kid);
		}
		try {
			jwe.decrypt(new DirectDecrypter(this.keyEncryptionKey.secretKey()));
		}
		catch (JOSEException ex) {
			throw new WrongKeyEncryptionKeyException(kid, this.keyEncryptionKey.actionWhenKeysDoNotOpen(), ex);
		}
		return JWK.parse(jwe.getPayload().toJSONObject());
	}

	/** The sealed key does not decrypt (AES-GCM tag mismatch) under the configured key-encryption key. */
	static final class WrongKeyEncryptionKeyException extends JOSEException {

		private final String action;

		WrongKeyEncryptionKeyException(String kid, String action, JOSEException cause) {
			super("Cannot decrypt signing key " + kid
					+ ": GATEHOUSE_KEY_ENCRYPTION_KEY differs from the one the key was stored with", cause);
			this.action = action;
		}

		String action() {
			return this.action;
		}

	}

}

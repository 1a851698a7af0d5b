package io.gatehouse.tokenservice.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The asymmetric JWS algorithms a signing key may use, each with its key generator and signer.
 * HMAC is deliberately absent: a shared secret would let every gateway mint tokens.
 */
public enum SigningAlgorithm {

	/** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys: the default. */
	RS256(JWSAlgorithm.RS256) {
		@Override
		JWK generate(String kid) throws JOSEException {
			return new RSAKeyGenerator(2048).keyID(kid).algorithm(jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).generate();
		}
	},

	/** RSASSA-PSS with SHA-256, 2048-bit keys. */
	PS256(JWSAlgorithm.PS256) {
		@Override
		JWK generate(String kid) throws JOSEException {
			return new RSAKeyGenerator(2048).keyID(kid).algorithm(jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).generate();
		}
	},

	/** ECDSA on P-256 with SHA-256. */
	ES256(JWSAlgorithm.ES256) {
		@Override
		JWK generate(String kid) throws JOSEException {
			return new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(jwsAlgorithm()).keyUse(KeyUse.SIGNATURE).generate();
		}
	},

	/** EdDSA on Ed25519 (needs Google Tink on the class path, which the service ships). */
	EdDSA(JWSAlgorithm.EdDSA) {
		@Override
		JWK generate(String kid) throws JOSEException {
			return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid)
				.algorithm(jwsAlgorithm())
				.keyUse(KeyUse.SIGNATURE)
				.generate();
		}
	};

	private final JWSAlgorithm jwsAlgorithm;

	SigningAlgorithm(JWSAlgorithm jwsAlgorithm) {
		this.jwsAlgorithm = jwsAlgorithm;
	}

	public JWSAlgorithm jwsAlgorithm() {
		return this.jwsAlgorithm;
	}

	/** A new private key pair with the given key id. */
	abstract JWK generate(String kid) throws JOSEException;

	/** A signer for a private key of this algorithm. */
	static JWSSigner signerFor(JWK privateKey) throws JOSEException {
		return switch (privateKey.getKeyType().getValue()) {
			case "RSA" -> new RSASSASigner(privateKey.toRSAKey());
			case "EC" -> new ECDSASigner(privateKey.toECKey());
			case "OKP" -> new Ed25519Signer(privateKey.toOctetKeyPair());
			default -> throw new JOSEException("Unsupported key type " + privateKey.getKeyType());
		};
	}

	static SigningAlgorithm of(String name) {
		for (SigningAlgorithm algorithm : values()) {
			if (algorithm.jwsAlgorithm.getName().equals(name)) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException("Unsupported signing algorithm " + name);
	}

}

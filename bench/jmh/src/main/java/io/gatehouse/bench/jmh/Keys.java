package io.gatehouse.bench.jmh;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * Fresh signing keys the way the token service makes them (token-service
 * {@code SigningAlgorithm}): RS256 and PS256 on 2048-bit RSA, ES256 on P-256, EdDSA on Ed25519;
 * each with {@code kid}, {@code alg} and {@code use=sig}. Adapted from the gateway tests'
 * {@code TestKeys}.
 */
final class Keys {

	private Keys() {
	}

	static JWSAlgorithm algorithm(String name) {
		return switch (name) {
			case "RS256" -> JWSAlgorithm.RS256;
			case "PS256" -> JWSAlgorithm.PS256;
			case "ES256" -> JWSAlgorithm.ES256;
			case "EdDSA" -> JWSAlgorithm.EdDSA;
			default -> throw new IllegalArgumentException("Unsupported algorithm " + name);
		};
	}

	/** A new private key for the algorithm named {@code alg}. */
	static JWK generate(String alg) {
		JWSAlgorithm algorithm = algorithm(alg);
		String kid = alg.toLowerCase() + "-" + UUID.randomUUID();
		try {
			return switch (alg) {
				case "RS256", "PS256" -> new RSAKeyGenerator(2048).keyID(kid)
					.algorithm(algorithm)
					.keyUse(KeyUse.SIGNATURE)
					.generate();
				case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID(kid)
					.algorithm(algorithm)
					.keyUse(KeyUse.SIGNATURE)
					.generate();
				case "EdDSA" -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid)
					.algorithm(algorithm)
					.keyUse(KeyUse.SIGNATURE)
					.generate();
				default -> throw new IllegalArgumentException("Unsupported algorithm " + alg);
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The signer the token service would use for this private key. */
	static JWSSigner signer(JWK privateKey) {
		try {
			return switch (privateKey.getKeyType().getValue()) {
				case "RSA" -> new RSASSASigner(privateKey.toRSAKey());
				case "EC" -> new ECDSASigner(privateKey.toECKey());
				case "OKP" -> new Ed25519Signer(privateKey.toOctetKeyPair());
				default -> throw new IllegalArgumentException("Unsupported key type " + privateKey.getKeyType());
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A verifier holding only the public half of this key. */
	static JWSVerifier verifier(JWK key) {
		JWK publicKey = key.toPublicJWK();
		try {
			return switch (publicKey.getKeyType().getValue()) {
				case "RSA" -> new RSASSAVerifier(publicKey.toRSAKey());
				case "EC" -> new ECDSAVerifier(publicKey.toECKey());
				case "OKP" -> new Ed25519Verifier(publicKey.toOctetKeyPair());
				default -> throw new IllegalArgumentException("Unsupported key type " + publicKey.getKeyType());
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

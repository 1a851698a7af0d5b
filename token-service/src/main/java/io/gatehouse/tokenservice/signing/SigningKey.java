package io.gatehouse.tokenservice.signing;

import java.time.Instant;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;

/**
 * A usable signing key: its public half for the JWKS, a signer for its private half, and the
 * moment it starts signing.
 *
 * @param kid the key id
 * @param generation its place in the rotation sequence
 * @param algorithm the JWS algorithm it signs with
 * @param publicJwk the public JWK, the only part ever published
 * @param signer signs with the private key
 * @param activatesAt when it starts signing
 */
record SigningKey(String kid, int generation, SigningAlgorithm algorithm, JWK publicJwk, JWSSigner signer,
		Instant activatesAt) {

	boolean isActiveAt(Instant now) {
		return !this.activatesAt.isAfter(now);
	}

}

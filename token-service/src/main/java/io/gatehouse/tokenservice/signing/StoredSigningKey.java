package io.gatehouse.tokenservice.signing;

import java.time.Instant;

/**
 * A signing key as stored: its public JWK in clear, its private JWK sealed under the
 * key-encryption key.
 *
 * @param kid the key id, as in the JWS header
 * @param generation 1 for the first key, one more for each rotation; unique, so two replicas
 * rotating at once cannot both add a key
 * @param algorithm the JWS algorithm name
 * @param publicJwk the public JWK as JSON
 * @param sealedPrivateJwk the private JWK as compact JWE
 * @param createdAt when it was generated
 * @param activatesAt when it starts signing; until then it is only published
 */
record StoredSigningKey(String kid, int generation, String algorithm, String publicJwk, String sealedPrivateJwk,
		Instant createdAt, Instant activatesAt) {
}

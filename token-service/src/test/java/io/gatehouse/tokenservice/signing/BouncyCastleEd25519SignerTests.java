package io.gatehouse.tokenservice.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BouncyCastleEd25519SignerTests {

	private final OctetKeyPair key = generate();

	@Test
	void signWhenEdDsaThenNimbusVerifierAcceptsAndSignatureMatchesTinks() throws Exception {
		SignedJWT ours = sign(new BouncyCastleEd25519Signer(this.key));
		SignedJWT tinks = sign(new Ed25519Signer(this.key));

		assertThat(ours.verify(new Ed25519Verifier(this.key.toPublicJWK()))).isTrue();
		// Ed25519 is deterministic (RFC 8032): the same key and input give the same signature.
		assertThat(ours.getSignature()).isEqualTo(tinks.getSignature());
	}

	@Test
	void signWhenVerifiedWithAnotherKeyThenRejected() throws Exception {
		SignedJWT ours = sign(new BouncyCastleEd25519Signer(this.key));

		assertThat(ours.verify(new Ed25519Verifier(generate().toPublicJWK()))).isFalse();
	}

	@Test
	void signWhenHeaderAlgorithmIsNotEdDsaThenRefused() throws Exception {
		BouncyCastleEd25519Signer signer = new BouncyCastleEd25519Signer(this.key);

		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> signer.sign(new JWSHeader(JWSAlgorithm.ES256), new byte[] { 1, 2, 3 }));
	}

	@Test
	void constructWhenPublicKeyOnlyThenRefused() {
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> new BouncyCastleEd25519Signer(this.key.toPublicJWK()));
	}

	private static SignedJWT sign(com.nimbusds.jose.JWSSigner signer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.EdDSA),
				new JWTClaimsSet.Builder().subject("alice").claim("sid", "s-1").build());
		jwt.sign(signer);
		return jwt;
	}

	private static OctetKeyPair generate() {
		try {
			return new OctetKeyPairGenerator(Curve.Ed25519).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

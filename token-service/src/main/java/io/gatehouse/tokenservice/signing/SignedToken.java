package io.gatehouse.tokenservice.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs a claims set with the active key under a given {@code typ}. */
public final class SignedToken {

	private SignedToken() {
	}

	/** The compact JWS of {@code claims}, signed by {@code keys}' active key, with header {@code typ} and {@code kid}. */
	public static String sign(SigningKeys keys, JOSEObjectType type, JWTClaimsSet claims) {
		SigningKey key = keys.active();
		JWSHeader header = new JWSHeader.Builder(key.algorithm().jwsAlgorithm()).type(type).keyID(key.kid()).build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(key.signer());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Signing with key " + key.kid() + " failed", ex);
		}
		return jwt.serialize();
	}

}

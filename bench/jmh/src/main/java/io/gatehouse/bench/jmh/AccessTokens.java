package io.gatehouse.bench.jmh;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Realistic RFC 9068 access tokens, shaped like the token service's {@code AccessTokenIssuer}
 * output: header {@code typ: at+jwt}, {@code alg}, {@code kid}; claims {@code iss}, {@code sub},
 * {@code aud}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code client_id}, {@code sid},
 * {@code scope}, {@code roles}, {@code preferred_username}. Adapted from the gateway tests'
 * {@code TestTokens}.
 */
final class AccessTokens {

	static final String ISSUER = "https://auth.gatehouse.example";

	static final String AUDIENCE = "gatehouse";

	static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	/** Long enough that no token expires during a benchmark run, however long it is configured. */
	static final Duration TTL = Duration.ofHours(6);

	private AccessTokens() {
	}

	static JWSHeader header(JWK key) {
		return new JWSHeader.Builder(Keys.algorithm(key.getAlgorithm().getName())).type(AT_JWT)
			.keyID(key.getKeyID())
			.build();
	}

	/** A fresh claims set: new {@code sub}, {@code sid} and {@code jti}, issued now. */
	static JWTClaimsSet claims() {
		Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.subject(UUID.randomUUID().toString())
			.audience(AUDIENCE)
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(TTL)))
			.jwtID(UUID.randomUUID().toString())
			.claim("client_id", "web-portal")
			.claim("sid", UUID.randomUUID().toString())
			.claim("scope", "openid profile email orders:read orders:write")
			.claim("roles", List.of("user", "support-agent"))
			.claim("preferred_username", "alice.example@example.com")
			.build();
	}

	/** The compact serialization of {@code claims} under {@code header}, signed by {@code signer}. */
	static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** A new, distinct access token signed with {@code key}. */
	static String issue(JWK key, JWSSigner signer) {
		return sign(header(key), claims(), signer);
	}

}

package io.gatehouse.tokenservice.accesstoken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SignedToken;
import io.gatehouse.tokenservice.signing.SigningKeys;

/**
 * Issues RFC 9068 access tokens: header {@code typ: at+jwt} and {@code kid}; claims {@code iss},
 * {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code nbf}, {@code jti},
 * {@code client_id}, {@code sid}, {@code scope}, {@code roles} and {@code preferred_username}.
 * {@code exp - iat} is exactly the client's access-token TTL.
 */
@Component
public final class AccessTokenIssuer {

	/** The JWS {@code typ} of RFC 9068 §2.1. */
	public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private final SigningKeys keys;

	private final String issuer;

	private final Clock clock;

	public AccessTokenIssuer(SigningKeys keys, GatehouseProperties properties, Clock clock) {
		this.keys = keys;
		this.issuer = properties.issuerString();
		this.clock = clock;
	}

	public IssuedAccessToken issue(AccessTokenSubject subject, RegisteredClient client) {
		Instant issuedAt = this.clock.instant().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);
		Duration ttl = client.policy().accessTokenTtl();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(subject.userId().toString())
			.audience(client.policy().audience())
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(ttl)))
			.jwtID(UUID.randomUUID().toString())
			.claim("client_id", client.id())
			.claim("sid", subject.sessionId().toString())
			.claim("scope", subject.scope())
			.claim("roles", subject.roles())
			.claim("preferred_username", subject.username())
			.build();
		return new IssuedAccessToken(SignedToken.sign(this.keys, AT_JWT, claims), ttl);
	}

}

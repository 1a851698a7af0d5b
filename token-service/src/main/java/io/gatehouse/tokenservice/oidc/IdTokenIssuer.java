package io.gatehouse.tokenservice.oidc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Issues OpenID Connect ID tokens (Core 1.0 §2), signed with the service's current signing key like
 * the access tokens and verified by relying parties through the same JWKS: header {@code typ: JWT};
 * claims {@code iss}, {@code sub} (the user id, as in the access token), {@code aud} (the client id),
 * {@code azp}, {@code exp} ({@code iat} plus the client's access-token TTL), {@code iat},
 * {@code auth_time} (when the password was entered), {@code nonce} (when the request had one),
 * {@code sid} (the session, as in the access token; RP-initiated logout ends it) and
 * {@code preferred_username}.
 */
@Component
public final class IdTokenIssuer {

	private final SigningKeys keys;

	private final String issuer;

	private final Clock clock;

	IdTokenIssuer(SigningKeys keys, GatehouseProperties properties, Clock clock) {
		this.keys = keys;
		this.issuer = properties.issuerString();
		this.clock = clock;
	}

	/** The signed ID token of a sign-in. */
	public String issue(IdTokenSubject subject, RegisteredClient client) {
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(subject.userId().toString())
			.audience(client.id())
			.claim("azp", client.id())
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(client.policy().accessTokenTtl())))
			.claim("auth_time", subject.authTime().getEpochSecond())
			.claim("sid", subject.sessionId().toString())
			.claim("preferred_username", subject.username());
		if (subject.nonce() != null) {
			claims.claim("nonce", subject.nonce());
		}
		return SignedToken.sign(this.keys, JOSEObjectType.JWT, claims.build());
	}

	/**
	 * Who an ID token speaks for.
	 *
	 * @param userId the {@code sub}
	 * @param username the {@code preferred_username}
	 * @param sessionId the {@code sid}
	 * @param authTime the {@code auth_time}
	 * @param nonce the {@code nonce}, or {@code null}
	 */
	public record IdTokenSubject(UUID userId, String username, UUID sessionId, Instant authTime, String nonce) {
	}

}

package io.gatehouse.tokenservice.support;

import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies an access token the way a gateway does, with nimbus and nothing from the token
 * service: the signature against a JWK source, {@code typ} {@code at+jwt} (RFC 9068 §2.1), an
 * exact {@code iss}, an accepted {@code aud}, and every claim a gateway relies on present
 * ({@code iss}, {@code aud}, {@code exp}, {@code iat}, {@code sub}, {@code jti}, {@code sid},
 * {@code client_id}). Time comes from the given clock (default the system clock), with nimbus'
 * default 60 s clock skew. Immutable: each {@code with..} returns a new verifier.
 */
public final class GatewayTokenVerifier {

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final JWSAlgorithm DEFAULT_ALGORITHM = JWSAlgorithm.RS256;

	private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "sub", "jti", "sid",
			"client_id");

	private final JWKSource<SecurityContext> keys;

	private final String issuer;

	private final String audience;

	private final JWSAlgorithm algorithm;

	private final Clock clock;

	private GatewayTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience,
			JWSAlgorithm algorithm, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.audience = audience;
		this.algorithm = algorithm;
		this.clock = clock;
	}

	/** A verifier taking keys from {@code keys} (for example a {@code JWKSourceBuilder} on a JWKS URL). */
	public static GatewayTokenVerifier withJwkSource(JWKSource<SecurityContext> keys, String issuer, String audience) {
		return new GatewayTokenVerifier(keys, issuer, audience, DEFAULT_ALGORITHM, Clock.systemUTC());
	}

	/** A verifier taking keys from a JWK set document fetched earlier. */
	public static GatewayTokenVerifier withJwkSet(String jwksJson, String issuer, String audience) {
		try {
			return withJwkSource(new ImmutableJWKSet<>(JWKSet.parse(jwksJson)), issuer, audience);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Not a JWK set: " + jwksJson, ex);
		}
	}

	public GatewayTokenVerifier withAlgorithm(JWSAlgorithm algorithm) {
		return new GatewayTokenVerifier(this.keys, this.issuer, this.audience, algorithm, this.clock);
	}

	public GatewayTokenVerifier withClock(Clock clock) {
		return new GatewayTokenVerifier(this.keys, this.issuer, this.audience, this.algorithm, clock);
	}

	/** The verified claims; throws when a gateway would refuse the token. */
	public JWTClaimsSet verify(String token) throws ParseException, BadJOSEException, JOSEException {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AT_JWT));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(this.algorithm, this.keys));
		processor.setJWTClaimsSetVerifier(new ClockClaimsVerifier(this.issuer, this.audience, this.clock));
		return processor.process(token, null);
	}

	private static final class ClockClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

		private final Clock clock;

		ClockClaimsVerifier(String issuer, String audience, Clock clock) {
			super(Set.of(audience), new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, null);
			this.clock = clock;
		}

		@Override
		protected Date currentTime() {
			return Date.from(this.clock.instant());
		}

	}

}

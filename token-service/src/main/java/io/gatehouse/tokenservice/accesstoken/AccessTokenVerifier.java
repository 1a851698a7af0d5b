package io.gatehouse.tokenservice.accesstoken;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SigningAlgorithm;
import io.gatehouse.tokenservice.signing.SigningKeys;

/**
 * Verifies this service's own access tokens with nimbus: {@code typ} must be {@code at+jwt}, the
 * signature must come from a published key with an asymmetric algorithm, {@code iss} must match,
 * and {@code sub}, {@code sid}, {@code client_id}, {@code aud}, {@code exp}, {@code iat} and
 * {@code jti} must be present. Time comes from the injected clock.
 * <p>
 * It does not check what {@code aud} holds: introspection (RFC 7662) answers for tokens of every
 * audience, and the bearer endpoints check theirs in {@link BearerTokenArgumentResolver}. A new
 * bearer endpoint takes a {@link VerifiedAccessToken} parameter rather than calling this directly.
 * <p>
 * Time: {@link #verify} (the bearer endpoints) tolerates {@code gatehouse.bearer-tokens.clock-skew}
 * on {@code exp} and {@code nbf}, 30 s by default like the gateway; {@link #verifyExactly}
 * (introspection) tolerates none on {@code exp}, since RFC 7662 §2.2 calls an expired token
 * inactive and this service's own clock is the one that issued it.
 */
@Component
public final class AccessTokenVerifier {

	private static final int MAX_TOKEN_LENGTH = 8192;

	private final DefaultJWTProcessor<SecurityContext> withSkew;

	private final DefaultJWTProcessor<SecurityContext> exact;

	public AccessTokenVerifier(SigningKeys keys, GatehouseProperties properties, BearerTokenProperties bearer,
			Clock clock) {
		JWKSource<SecurityContext> source = (selector, context) -> selector.select(new JWKSet(keys.verificationKeys()));
		this.withSkew = processor(source, properties.issuerString(), clock, bearer.clockSkew(), false);
		this.exact = processor(source, properties.issuerString(), clock, bearer.clockSkew(), true);
	}

	private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> source, String issuer,
			Clock clock, Duration skew, boolean exactExpiry) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AccessTokenIssuer.AT_JWT));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(allAlgorithms(), source));
		ClockAwareClaimsVerifier claims = new ClockAwareClaimsVerifier(issuer, clock, exactExpiry);
		claims.setMaxClockSkew((int) skew.toSeconds());
		processor.setJWTClaimsSetVerifier(claims);
		return processor;
	}

	/**
	 * The verified token, allowing the bearer endpoints' clock skew, or an
	 * {@link InvalidAccessTokenException} saying why not.
	 */
	public VerifiedAccessToken verify(String token) {
		return verify(token, this.withSkew);
	}

	/** Like {@link #verify} but with no clock skew: a token past its {@code exp} is expired. */
	public VerifiedAccessToken verifyExactly(String token) {
		return verify(token, this.exact);
	}

	private static VerifiedAccessToken verify(String token, DefaultJWTProcessor<SecurityContext> processor) {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new InvalidAccessTokenException("token_too_large");
		}
		try {
			JWTClaimsSet claims = processor.process(token, null);
			return new VerifiedAccessToken(UUID.fromString(claims.getSubject()),
					UUID.fromString(claims.getStringClaim("sid")), claims.getStringClaim("client_id"),
					claims.getAudience(), rolesOf(claims),
					(claims.getStringClaim("scope") != null) ? claims.getStringClaim("scope") : "");
		}
		catch (ParseException | IllegalArgumentException ex) {
			throw new InvalidAccessTokenException("malformed");
		}
		catch (ExpiredJWTException ex) {
			throw new InvalidAccessTokenException("expired");
		}
		catch (BadJOSEException | JOSEException ex) {
			throw new InvalidAccessTokenException("invalid");
		}
	}

	private static List<String> rolesOf(JWTClaimsSet claims) throws ParseException {
		List<String> roles = claims.getStringListClaim("roles");
		return (roles != null) ? roles : List.of();
	}

	private static Set<com.nimbusds.jose.JWSAlgorithm> allAlgorithms() {
		return Set.of(SigningAlgorithm.values()).stream().map(SigningAlgorithm::jwsAlgorithm).collect(java.util.stream.Collectors.toSet());
	}

	private static final class ClockAwareClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

		private final Clock clock;

		private final boolean exactExpiry;

		ClockAwareClaimsVerifier(String issuer, Clock clock, boolean exactExpiry) {
			super(null, new JWTClaimsSet.Builder().issuer(issuer).build(),
					Set.of("sub", "sid", "client_id", "aud", "exp", "iat", "jti"), null);
			this.clock = clock;
			this.exactExpiry = exactExpiry;
		}

		/** With {@code exactExpiry}, {@code exp} gets no skew; {@code nbf} keeps it (a token is never early here). */
		@Override
		public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
			super.verify(claims, context);
			if (this.exactExpiry && !claims.getExpirationTime().toInstant().isAfter(this.clock.instant())) {
				throw new ExpiredJWTException("Expired JWT");
			}
		}

		@Override
		protected Date currentTime() {
			return Date.from(this.clock.instant());
		}

	}

}

package io.gatehouse.gateway.auth;

import java.security.Key;
import java.text.ParseException;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import io.gatehouse.gateway.config.GatewayProperties;

/**
 * Verifies one access token from scratch with nimbus-jose-jwt, refusing every known trick: size
 * capped before parsing; exactly three segments (no JWE, no nested tokens); {@code alg} must be an
 * asymmetric algorithm the key itself is for ({@code none} and HMAC never, so a public key can
 * never serve as an HMAC secret); {@code typ} must be {@code at+jwt}; unknown {@code crit} headers
 * refused; the key comes only from the configured JWKS by {@code kid} ({@code jku}, {@code x5u}
 * and an embedded {@code jwk} are ignored); then {@code iss}, {@code aud}, {@code sub},
 * {@code sid}, {@code jti} and {@code exp} are required. Time checks are left to the caller, which
 * repeats them on every request.
 */
final class SignedTokenVerifier {

	private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

	private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

	private final JwksCache keys;

	private final GatewayProperties properties;

	private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

	SignedTokenVerifier(JwksCache keys, GatewayProperties properties) {
		this.keys = keys;
		this.properties = properties;
	}

	Mono<ValidatedToken> verify(String token) {
		SignedJWT jwt;
		try {
			jwt = parse(token);
		}
		catch (InvalidTokenException ex) {
			return Mono.error(ex);
		}
		JWSHeader header = jwt.getHeader();
		return this.keys.key(header.getKeyID())
			.switchIfEmpty(Mono.error(() -> new InvalidTokenException(InvalidTokenReason.UNKNOWN_KEY)))
			.map((key) -> checkSignatureAndClaims(jwt, key));
	}

	private SignedJWT parse(String token) {
		if (token.length() > this.properties.maxTokenSize().toBytes()) {
			throw new InvalidTokenException(InvalidTokenReason.TOKEN_TOO_LARGE);
		}
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
		Header header;
		try {
			header = Header.parse(new Base64URL(parts[0]));
		}
		catch (ParseException ex) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
		if (header instanceof PlainHeader) {
			throw new InvalidTokenException(InvalidTokenReason.ALGORITHM_NOT_ALLOWED);
		}
		if (header instanceof JWEHeader || !(header instanceof JWSHeader jws)) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
		if (!isAllowed(jws.getAlgorithm())) {
			throw new InvalidTokenException(InvalidTokenReason.ALGORITHM_NOT_ALLOWED);
		}
		if (!AT_JWT.equals(jws.getType())) {
			throw new InvalidTokenException(InvalidTokenReason.WRONG_TYPE);
		}
		if (jws.getCriticalParams() != null && !jws.getCriticalParams().isEmpty()) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
		if (jws.getKeyID() == null || parts[2].isEmpty()) {
			throw new InvalidTokenException(jws.getKeyID() == null ? InvalidTokenReason.UNKNOWN_KEY
					: InvalidTokenReason.BAD_SIGNATURE);
		}
		try {
			return new SignedJWT(new Base64URL(parts[0]), new Base64URL(parts[1]), new Base64URL(parts[2]));
		}
		catch (ParseException ex) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
	}

	private boolean isAllowed(JWSAlgorithm algorithm) {
		if (!ASYMMETRIC.contains(algorithm)) {
			return false;
		}
		Set<String> configured = this.properties.allowedAlgorithms();
		return configured.isEmpty() || configured.contains(algorithm.getName());
	}

	private ValidatedToken checkSignatureAndClaims(SignedJWT jwt, JWK key) {
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(algorithm.getName())) {
			throw new InvalidTokenException(InvalidTokenReason.ALGORITHM_NOT_ALLOWED);
		}
		try {
			JWSVerifier verifier = (key instanceof OctetKeyPair okp) ? new Ed25519Verifier(okp.toPublicJWK())
					: this.verifiers.createJWSVerifier(jwt.getHeader(), publicKeyOf(key));
			if (!jwt.verify(verifier)) {
				throw new InvalidTokenException(InvalidTokenReason.BAD_SIGNATURE);
			}
			return claimsOf(jwt.getJWTClaimsSet());
		}
		catch (JOSEException ex) {
			// The key cannot be used with this algorithm (an RSA key under ES256, a P-384 key under ES256...).
			throw new InvalidTokenException(InvalidTokenReason.ALGORITHM_NOT_ALLOWED);
		}
		catch (ParseException | IllegalStateException | ClassCastException ex) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
	}

	private static Key publicKeyOf(JWK key) throws JOSEException {
		if (key instanceof AsymmetricJWK asymmetric) {
			return asymmetric.toPublicKey();
		}
		throw new JOSEException("Not an asymmetric key");
	}

	private ValidatedToken claimsOf(JWTClaimsSet claims) throws ParseException {
		if (!this.properties.expectedIssuer().equals(claims.getIssuer())) {
			throw new InvalidTokenException(InvalidTokenReason.WRONG_ISSUER);
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.properties.audience())) {
			throw new InvalidTokenException(InvalidTokenReason.WRONG_AUDIENCE);
		}
		String sessionId = claims.getStringClaim("sid");
		if (claims.getExpirationTime() == null || claims.getSubject() == null || sessionId == null
				|| claims.getJWTID() == null) {
			throw new InvalidTokenException(InvalidTokenReason.MALFORMED);
		}
		String scope = claims.getStringClaim("scope");
		Set<String> scopes = (scope == null || scope.isBlank()) ? Set.of()
				: new LinkedHashSet<>(List.of(scope.trim().split(" +")));
		List<String> roles = claims.getStringListClaim("roles");
		Date notBefore = (claims.getNotBeforeTime() != null) ? claims.getNotBeforeTime() : claims.getIssueTime();
		return new ValidatedToken(claims.getSubject(), sessionId, claims.getStringClaim("client_id"),
				Collections.unmodifiableSortedSet(new TreeSet<>(scopes)),
				(roles != null) ? List.copyOf(roles) : List.of(), claims.getExpirationTime().toInstant(),
				(notBefore != null) ? notBefore.toInstant() : null);
	}

}

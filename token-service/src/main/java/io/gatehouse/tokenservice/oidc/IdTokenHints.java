package io.gatehouse.tokenservice.oidc;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SigningAlgorithm;
import io.gatehouse.tokenservice.signing.SigningKeys;

/**
 * Reads the {@code id_token_hint} of RP-initiated logout (RP-Initiated Logout 1.0 §2): an ID token
 * this service issued ({@code typ: JWT}, so an access token is no hint), signed by a key it still
 * publishes, with its {@code iss}, one {@code aud}, {@code sub} and {@code sid}. Its {@code exp}
 * is not checked: the specification lets a relying party send an expired ID token, and it names
 * the session only, it grants nothing.
 */
@Component
final class IdTokenHints {

	private static final int MAX_LENGTH = 8192;

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	IdTokenHints(SigningKeys keys, GatehouseProperties properties) {
		String issuer = properties.issuerString();
		JWKSource<SecurityContext> source = (selector, context) -> selector.select(new JWKSet(keys.verificationKeys()));
		Set<JWSAlgorithm> algorithms = Set.of(SigningAlgorithm.values())
			.stream()
			.map(SigningAlgorithm::jwsAlgorithm)
			.collect(Collectors.toSet());
		this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, source));
		this.processor.setJWTClaimsSetVerifier((claims, context) -> {
			if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null || claims.getAudience().size() != 1
					|| claims.getClaim("sid") == null) {
				throw new BadJWTException("not an ID token of this issuer");
			}
		});
	}

	/** What the hint names, or empty when it is not a genuine ID token of this service. */
	Optional<Hint> read(String idTokenHint) {
		if (idTokenHint == null || idTokenHint.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		try {
			JWTClaimsSet claims = this.processor.process(idTokenHint, null);
			List<String> audience = claims.getAudience();
			return Optional.of(new Hint(UUID.fromString(claims.getSubject()),
					UUID.fromString(claims.getStringClaim("sid")), audience.get(0)));
		}
		catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A verified hint.
	 *
	 * @param userId its {@code sub}
	 * @param sessionId its {@code sid}
	 * @param clientId its {@code aud}
	 */
	record Hint(UUID userId, UUID sessionId, String clientId) {
	}

}

package io.gatehouse.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.support.GatewayIntegrationTest;
import io.gatehouse.gateway.support.TestKeys;
import io.gatehouse.gateway.support.TestTokens;

/**
 * Every known JWT trick, each answered 401 with a reason a developer can act on — and the upstream
 * never reached.
 */
class JwtAttackIntegrationTests extends GatewayIntegrationTest {

	@Test
	void filterWhenAlgNoneThenUnauthorized() {
		String token = new PlainJWT(token().claims()).serialize();

		expectRejected(token, "algorithm_not_allowed");
		expectRejected(token + "c2ln", "algorithm_not_allowed");
	}

	@Test
	void filterWhenHs256SignedWithRsaPublicKeyAsSecretThenUnauthorized() throws Exception {
		byte[] publicKeyAsSecret = KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
			.keyID(KEY.getKeyID())
			.build(), token().claims());
		jwt.sign(new MACSigner(publicKeyAsSecret));

		expectRejected(jwt.serialize(), "algorithm_not_allowed");
	}

	@Test
	void filterWhenEmbeddedJwkHeaderWithAttackersKeyThenUnauthorized() throws Exception {
		RSAKey attacker = TestKeys.rsa();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
			.keyID(KEY.getKeyID())
			.jwk(attacker.toPublicJWK())
			.build(), token().claims());
		jwt.sign(new RSASSASigner(attacker));

		expectRejected(jwt.serialize(), "bad_signature");
	}

	@Test
	void filterWhenJkuPointsElsewhereThenKeyNotFetchedFromThere() throws Exception {
		RSAKey attacker = TestKeys.rsa();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
			.keyID(attacker.getKeyID())
			.jwkURL(java.net.URI.create("http://127.0.0.1:1/attacker/jwks"))
			.build(), token().claims());
		jwt.sign(new RSASSASigner(attacker));

		expectRejected(jwt.serialize(), "unknown_key");
	}

	@Test
	void filterWhenKidIsPathTraversalOrSqlThenUnknownKey() {
		expectRejected(token().kid("../../../../etc/passwd").build(), "unknown_key");
		expectRejected(token().kid("' OR '1'='1'; --").build(), "unknown_key");
	}

	@Test
	void filterWhenAllZeroEcdsaSignatureThenUnauthorized() {
		String valid = TestTokens.accessToken().signedWith(EC_KEY).build();
		String[] parts = valid.split("\\.");
		String zeros = Base64URL.encode(new byte[64]).toString();

		expectRejected(parts[0] + "." + parts[1] + "." + zeros, "bad_signature");
	}

	@Test
	void filterWhenSignatureEmptyOrTamperedThenBadSignature() {
		String[] parts = token().build().split("\\.");
		expectRejected(parts[0] + "." + parts[1] + ".", "bad_signature");

		String otherClaims = token().subject("admin").build().split("\\.")[1];
		expectRejected(parts[0] + "." + otherClaims + "." + parts[2], "bad_signature");
	}

	@Test
	void filterWhenUnknownCritHeaderThenMalformed() {
		expectRejected(token().crit("urn:example:unknown").build(), "malformed");
	}

	@Test
	void filterWhenRequiredClaimMissingThenMalformed() {
		expectRejected(token().withoutExpiry().build(), "malformed");
	}

	@Test
	void filterWhenWrongTypeIssuerOrAudienceThenSaysWhich() {
		expectRejected(token().type("JWT").build(), "wrong_type");
		expectRejected(token().issuer("https://evil.example").build(), "wrong_issuer");
		expectRejected(token().audience("another-api").build(), "wrong_audience");
	}

	@Test
	void filterWhenExpiredOrNotYetValidThenSaysWhich() {
		expectRejected(token().expiredAt(Instant.now().minus(Duration.ofMinutes(2))).build(), "expired");
		expectRejected(token().notBefore(Instant.now().plus(Duration.ofMinutes(5))).build(), "not_yet_valid");
	}

	@Test
	void filterWhenWrongNumberOfSegmentsThenMalformed() {
		String[] parts = token().build().split("\\.");
		expectRejected(parts[0] + "." + parts[1], "malformed");
		expectRejected(String.join(".", parts) + ".extra", "malformed");
		expectRejected("not-a-jwt", "malformed");
		expectRejected(Base64.getUrlEncoder().encodeToString("{\"alg\":".getBytes()) + ".e30.sig", "malformed");
	}

	@Test
	void filterWhenTokenOversizeThenRejectedBeforeParsing() {
		expectRejected("a".repeat(9000), "token_too_large");
	}

	@Test
	void filterWhenJweOrNestedTokenThenMalformed() {
		String header = Base64URL.encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"typ\":\"at+jwt\"}").toString();
		expectRejected(header + ".." + "aXY" + "." + "Y2lwaGVy" + "." + "dGFn", "malformed");
	}

}

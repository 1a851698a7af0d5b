package io.gatehouse.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** A builder of access tokens, valid by default, with a method for each way to make them wrong. */
public final class TestTokens {

	public static final String ISSUER = "https://issuer.gatehouse.test";

	public static final String AUDIENCE = "gatehouse";

	private JWK key;

	private String issuer = ISSUER;

	private List<String> audience = List.of(AUDIENCE);

	private String type = "at+jwt";

	private String subject = UUID.randomUUID().toString();

	private String sessionId = UUID.randomUUID().toString();

	private Instant issuedAt = Instant.now();

	private Instant expiresAt = this.issuedAt.plus(Duration.ofMinutes(15));

	private Instant notBefore = this.issuedAt;

	private String scope = "api";

	private List<String> roles = new ArrayList<>();

	private String kid;

	private boolean withoutExpiry;

	private final Map<String, Object> extraHeader = new HashMap<>();

	private List<String> crit;

	private TestTokens() {
	}

	public static TestTokens accessToken() {
		return new TestTokens();
	}

	public TestTokens signedWith(JWK key) {
		this.key = key;
		return this;
	}

	public TestTokens issuer(String issuer) {
		this.issuer = issuer;
		return this;
	}

	public TestTokens audience(String... audience) {
		this.audience = List.of(audience);
		return this;
	}

	public TestTokens type(String type) {
		this.type = type;
		return this;
	}

	public TestTokens subject(String subject) {
		this.subject = subject;
		return this;
	}

	public TestTokens sessionId(String sessionId) {
		this.sessionId = sessionId;
		return this;
	}

	public TestTokens expiredAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		this.issuedAt = expiresAt.minus(Duration.ofMinutes(15));
		this.notBefore = this.issuedAt;
		return this;
	}

	public TestTokens notBefore(Instant notBefore) {
		this.notBefore = notBefore;
		this.issuedAt = notBefore;
		this.expiresAt = notBefore.plus(Duration.ofMinutes(15));
		return this;
	}

	public TestTokens withoutExpiry() {
		this.withoutExpiry = true;
		return this;
	}

	public TestTokens scope(String scope) {
		this.scope = scope;
		return this;
	}

	public TestTokens roles(String... roles) {
		this.roles = List.of(roles);
		return this;
	}

	public TestTokens kid(String kid) {
		this.kid = kid;
		return this;
	}

	public TestTokens header(String name, Object value) {
		this.extraHeader.put(name, value);
		return this;
	}

	public TestTokens crit(String... names) {
		this.crit = List.of(names);
		return this;
	}

	public JWTClaimsSet claims() {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(this.audience)
			.subject(this.subject)
			.issueTime(Date.from(this.issuedAt))
			.notBeforeTime(Date.from(this.notBefore))
			.jwtID(UUID.randomUUID().toString())
			.claim("client_id", "web")
			.claim("sid", this.sessionId)
			.claim("scope", this.scope)
			.claim("roles", this.roles);
		if (!this.withoutExpiry) {
			claims.expirationTime(Date.from(this.expiresAt));
		}
		return claims.build();
	}

	/** The compact JWS. */
	public String build() {
		JWSAlgorithm algorithm = (this.key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(new JOSEObjectType(this.type))
			.keyID((this.kid != null) ? this.kid : this.key.getKeyID());
		this.extraHeader.forEach(header::customParam);
		if (this.crit != null) {
			header.criticalParams(new java.util.HashSet<>(this.crit));
			this.crit.forEach((name) -> header.customParam(name, "x"));
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims());
		try {
			jwt.sign(signerFor(this.key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private static JWSSigner signerFor(JWK key) throws JOSEException {
		return (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
	}

}

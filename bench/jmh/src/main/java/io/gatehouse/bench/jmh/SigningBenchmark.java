package io.gatehouse.bench.jmh;

import java.text.ParseException;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import com.nimbusds.jose.jwk.JWK;

/**
 * Signing and verifying one realistic RFC 9068 access token with nimbus-jose-jwt, per JWS
 * algorithm the token service supports.
 * <ul>
 * <li>{@link #sign}: what the token service pays per issued token once the claims are built:
 * serialize header and claims to base64url JSON, sign, and produce the compact JWS string.</li>
 * <li>{@link #verify}: what a resource server pays at minimum per token: parse the compact JWS
 * (base64url-decode and parse the header) and check the signature against a public key.</li>
 * </ul>
 * Keys, signer and verifier are built once per trial, as a service holds them.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SigningBenchmark {

	@Param({ "RS256", "PS256", "ES256", "EdDSA" })
	public String alg;

	private JWSHeader header;

	private JWTClaimsSet claims;

	private JWSSigner signer;

	private JWSVerifier verifier;

	private String token;

	@Setup
	public void setUp() throws Exception {
		JWK key = Keys.generate(this.alg);
		this.header = AccessTokens.header(key);
		this.claims = AccessTokens.claims();
		this.signer = Keys.signer(key);
		this.verifier = Keys.verifier(key);
		this.token = sign();
		if (!verify()) {
			throw new IllegalStateException(this.alg + ": the token does not verify");
		}
		if (!SignedJWT.parse(this.token).getHeader().getAlgorithm().getName().equals(this.alg)) {
			throw new IllegalStateException(this.alg + ": signed with the wrong algorithm");
		}
	}

	@Benchmark
	public String sign() throws JOSEException {
		SignedJWT jwt = new SignedJWT(this.header, this.claims);
		jwt.sign(this.signer);
		return jwt.serialize();
	}

	@Benchmark
	public boolean verify() throws ParseException, JOSEException {
		return SignedJWT.parse(this.token).verify(this.verifier);
	}

}

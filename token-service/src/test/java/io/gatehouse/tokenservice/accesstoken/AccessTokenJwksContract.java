package io.gatehouse.tokenservice.accesstoken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.tokenservice.support.GatewayTokenVerifier;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A gateway's view of the access token, on PostgreSQL and on the embedded store: it discovers the
 * JWKS from the RFC 8414 metadata, fetches it over real HTTP from the running service (whose issuer
 * is its own address), and verifies the token with nimbus alone (RFC 9068 {@code at+jwt}).
 */
abstract class AccessTokenJwksContract extends TokenServiceIntegrationTest {

	/** The member names of private or symmetric key material in a JWK (RFC 7518 §6). */
	private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

	@Value("${gatehouse.issuer}")
	String issuer;

	/** A port chosen per application context, so the issuer in tokens and metadata is where the server listens. */
	@DynamicPropertySource
	static void issuerIsTheServersOwnAddress(DynamicPropertyRegistry registry) {
		int port = freePort();
		registry.add("server.port", () -> port);
		registry.add("gatehouse.issuer", () -> "http://localhost:" + port);
	}

	@Test
	void accessTokenWhenVerifiedWithDiscoveredJwksThenEveryRequiredClaimAndWebLifetime() throws Exception {
		JsonNode user = createUserReturningView("jwks");
		JsonNode login = login(user.get("username").asString(), PASSWORD, "web");
		JsonNode metadata = metadata();
		String accessToken = login.get("access_token").asString();

		JWTClaimsSet claims = GatewayTokenVerifier.withJwkSource(remoteJwks(metadata), this.issuer, "gatehouse")
			.withAlgorithm(JWSAlgorithm.parse(metadata.get("access_token_signing_alg_values_supported").get(0).asString()))
			.verify(accessToken);

		assertThat(claims.getIssuer()).isEqualTo(this.issuer);
		assertThat(claims.getAudience()).containsExactly("gatehouse");
		assertThat(claims.getSubject()).isEqualTo(user.get("id").asString());
		assertThat(claims.getStringClaim("client_id")).isEqualTo("web");
		assertThat(claims.getStringClaim("sid")).isEqualTo(login.get("session_id").asString());
		assertThat(claims.getStringClaim("preferred_username")).isEqualTo(user.get("username").asString());
		assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofSeconds(900));
		assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
		JWSHeader header = SignedJWT.parse(accessToken).getHeader();
		assertThat(header.getType()).isEqualTo(new JOSEObjectType("at+jwt"));
		assertThat(JWKSet.parse(fetchJwks(metadata)).getKeyByKeyId(header.getKeyID())).isNotNull();
	}

	@Test
	void metadataWhenFetchedThenJwksUriIsUnderTheIssuerAndGatewayOnlyEndpointsAreNotAdvertised() {
		JsonNode metadata = metadata();

		assertThat(metadata.get("issuer").asString()).isEqualTo(this.issuer);
		assertThat(metadata.get("jwks_uri").asString()).isEqualTo(this.issuer + "/oauth2/jwks");
		assertThat(metadata.get("access_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");
		// The feed and introspection are for gateways, which reach this service directly: the issuer (the
		// public gateway) does not route them, so the public metadata does not send anyone there.
		assertThat(metadata.has("introspection_endpoint")).isFalse();
		assertThat(metadata.has("revocation_feed_endpoint")).isFalse();
	}

	@Test
	void jwksWhenFetchedThenPublicSigningKeysOnlyAndCacheable() throws Exception {
		String jwks = this.http.get()
			.uri(URI.create(metadata().get("jwks_uri").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.expectBody(String.class).returnResult().getResponseBody();

		JsonNode keys = JsonMapper.shared().readTree(jwks).get("keys");
		assertThat(keys.size()).isGreaterThanOrEqualTo(1);
		keys.forEach((key) -> {
			assertThat(PRIVATE_MEMBERS).noneMatch(key::has);
			assertThat(key.get("kty").asString()).isEqualTo("RSA");
			assertThat(key.get("use").asString()).isEqualTo("sig");
			assertThat(key.get("alg").asString()).isEqualTo("RS256");
			assertThat(key.get("kid").asString()).isNotBlank();
		});
		assertThat(JWKSet.parse(jwks).getKeys()).noneMatch((key) -> key.isPrivate());
	}

	@Test
	void accessTokenWhenTamperedForgedOrForAnotherAudienceThenGatewayRefusesIt() throws Exception {
		JsonNode metadata = metadata();
		String jwks = fetchJwks(metadata);
		GatewayTokenVerifier gateway = GatewayTokenVerifier.withJwkSet(jwks, this.issuer, "gatehouse");
		String accessToken = login(createUser("refused"), PASSWORD, "web").get("access_token").asString();
		String[] parts = accessToken.split("\\.");
		JWTClaimsSet genuine = SignedJWT.parse(accessToken).getJWTClaimsSet();
		JWTClaimsSet elevated = new JWTClaimsSet.Builder(genuine).claim("roles", List.of("admin")).build();
		String tampered = parts[0] + "." + elevated.toPayload().toBase64URL() + "." + parts[2];
		String forged = forgeWithSameKid(accessToken, elevated);
		String serviceToken = serviceClientAccessToken();

		assertThat(gateway.verify(accessToken).getSubject()).isEqualTo(genuine.getSubject());
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> gateway.verify(tampered));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> gateway.verify(forged));
		assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> gateway.verify(serviceToken))
			.withMessageContaining("aud");
		assertThatExceptionOfType(BadJOSEException.class)
			.isThrownBy(() -> GatewayTokenVerifier.withJwkSet(jwks, "https://elsewhere.example", "gatehouse")
				.verify(accessToken))
			.withMessageContaining("iss");
	}

	private JsonNode metadata() {
		return this.http.get()
			.uri("/.well-known/oauth-authorization-server")
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private String fetchJwks(JsonNode metadata) {
		return this.http.get()
			.uri(URI.create(metadata.get("jwks_uri").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	/** What a gateway builds from the metadata: nimbus fetching {@code jwks_uri} itself, over HTTP. */
	private static JWKSource<SecurityContext> remoteJwks(JsonNode metadata) throws Exception {
		return JWKSourceBuilder
			.<SecurityContext>create(URI.create(metadata.get("jwks_uri").asString()).toURL(),
					new DefaultResourceRetriever(5000, 5000, 50 * 1024))
			.retrying(false)
			.build();
	}

	/** Signed by an attacker's key that claims the published key id. */
	private static String forgeWithSameKid(String accessToken, JWTClaimsSet claims) throws Exception {
		JWSHeader genuine = SignedJWT.parse(accessToken).getHeader();
		RSAKey attacker = new RSAKeyGenerator(2048).keyID(genuine.getKeyID()).generate();
		SignedJWT forged = new SignedJWT(new JWSHeader.Builder(genuine).build(), claims);
		forged.sign(new RSASSASigner(attacker));
		return forged.serialize();
	}

	/** An access token of the confidential {@code service} client, whose audience is {@code internal}. */
	private String serviceClientAccessToken() {
		return loginAsServiceClient(createUser("service"), PASSWORD).get("access_token").asString();
	}

	private JsonNode createUserReturningView(String prefix) {
		return this.http.post()
			.uri("/admin/users")
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "password",
					PASSWORD, "roles", List.of()))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

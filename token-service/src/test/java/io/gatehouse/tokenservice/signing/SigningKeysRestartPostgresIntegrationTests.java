package io.gatehouse.tokenservice.signing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.support.GatewayTokenVerifier;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deploy restarts the service on the same PostgreSQL schema: with the same key-encryption key,
 * tokens issued before the restart keep working (same {@code kid}, no new key); with a different
 * one, startup stops with a message naming {@code GATEHOUSE_KEY_ENCRYPTION_KEY} and leaves the
 * stored keys untouched.
 */
class SigningKeysRestartPostgresIntegrationTests {

	@Test
	void restartWhenSameKeyEncryptionKeyThenOldTokenStillVerifiesAndRefreshTokenStillRefreshes() throws Exception {
		Map<String, String> properties = properties(TestDatabase.POSTGRES.properties("restart"), randomKeyEncryptionKey());
		JsonNode before;
		String publishedBefore;
		try (TokenServiceInstance first = TokenServiceInstance.start(properties)) {
			before = first.loginAsAdmin("web");
			publishedBefore = first.jwks();
		}

		try (TokenServiceInstance second = TokenServiceInstance.start(properties)) {
			String accessToken = before.get("access_token").asString();
			String published = second.jwks();
			GatewayTokenVerifier gateway = GatewayTokenVerifier.withJwkSet(published, issuer(second), "gatehouse");
			JWTClaimsSet claims = gateway.verify(accessToken);
			JsonNode refreshed = second.refresh(before.get("refresh_token").asString(), "web")
				.expectStatus().isOk()
				.expectBody(JsonNode.class).returnResult().getResponseBody();

			assertThat(claims.getStringClaim("sid")).isEqualTo(before.get("session_id").asString());
			assertThat(kids(published)).containsExactly(kid(accessToken)).isEqualTo(kids(publishedBefore));
			assertThat(refreshed.get("refresh_token").asString()).isNotEqualTo(before.get("refresh_token").asString());
			assertThat(kid(refreshed.get("access_token").asString())).isEqualTo(kid(accessToken));
			assertThat(gateway.verify(refreshed.get("access_token").asString()).getStringClaim("sid"))
				.isEqualTo(before.get("session_id").asString());
		}
	}

	@Test
	void restartWhenDifferentKeyEncryptionKeyThenStartupFailsNamingTheSettingAndKeysSurvive() {
		Map<String, String> database = TestDatabase.POSTGRES.properties("wrongkek");
		Map<String, String> properties = properties(database, randomKeyEncryptionKey());
		String kid;
		try (TokenServiceInstance first = TokenServiceInstance.start(properties)) {
			kid = kids(first.jwks()).get(0);
		}

		List<String> failure = TokenServiceInstance.startupFailureMessages(properties(database, randomKeyEncryptionKey()));

		assertThat(failure).anySatisfy((message) -> assertThat(message)
			.contains("Cannot decrypt signing key " + kid)
			.contains("GATEHOUSE_KEY_ENCRYPTION_KEY"));
		try (TokenServiceInstance again = TokenServiceInstance.start(properties)) {
			assertThat(kids(again.jwks())).containsExactly(kid);
		}
	}

	@Test
	void restartWhenDevelopmentModeWithoutKeyThenGeneratedKeyIsKeptOwnerOnlyAndReused(@TempDir Path dataDir)
			throws Exception {
		Map<String, String> properties = new HashMap<>(TestDatabase.POSTGRES.properties("devkek"));
		properties.put("gatehouse.data-dir", dataDir.toString());
		properties.put("gatehouse.signing.key-encryption-key", "");
		JsonNode before;
		try (TokenServiceInstance first = TokenServiceInstance.start(properties)) {
			before = first.loginAsAdmin("web");
		}
		Path generated = dataDir.resolve(KeyEncryptionKey.FILE_NAME);
		String generatedKey = Files.readString(generated);

		try (TokenServiceInstance second = TokenServiceInstance.start(properties)) {
			String accessToken = before.get("access_token").asString();
			GatewayTokenVerifier.withJwkSet(second.jwks(), issuer(second), "gatehouse").verify(accessToken);
			second.refresh(before.get("refresh_token").asString(), "web").expectStatus().isOk();
		}
		assertThat(Base64.getDecoder().decode(generatedKey.trim())).hasSize(32);
		assertThat(Files.readString(generated)).isEqualTo(generatedKey);
		assertThat(Files.getPosixFilePermissions(generated)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
	}

	private static Map<String, String> properties(Map<String, String> database, String keyEncryptionKey) {
		Map<String, String> properties = new HashMap<>(database);
		properties.put("gatehouse.signing.key-encryption-key", keyEncryptionKey);
		return properties;
	}

	private static String issuer(TokenServiceInstance service) {
		return service.bean(GatehouseProperties.class).issuerString();
	}

	private static String randomKeyEncryptionKey() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static String kid(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	private static List<String> kids(String jwks) {
		try {
			return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}

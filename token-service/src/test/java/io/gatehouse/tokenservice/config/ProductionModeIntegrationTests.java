package io.gatehouse.tokenservice.config;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production mode ({@code gatehouse.mode=production} or the {@code prod} profile) refuses to start
 * without a usable key-encryption key, and says what to set. Every case sets a non-development
 * {@code gateway} secret, so the key-encryption key is the only thing missing; the last case shows
 * that with a good key the same setup starts.
 */
class ProductionModeIntegrationTests {

	@Test
	void startWhenProductionModeAndNoKeyEncryptionKeyThenFailsSayingWhatToSet() {
		List<String> failure = startupFailure(Map.of("gatehouse.mode", "production", "gatehouse.signing.key-encryption-key", ""));

		assertThat(failure).anySatisfy((message) -> assertThat(message)
			.contains("No key-encryption key in production mode")
			.contains("Set GATEHOUSE_KEY_ENCRYPTION_KEY")
			.contains("openssl rand -base64 32"));
	}

	@Test
	void startWhenProdProfileAndNoKeyEncryptionKeyThenFailsSayingWhatToSet() {
		List<String> failure = startupFailure(Map.of("spring.profiles.active", "prod", "gatehouse.signing.key-encryption-key", ""));

		assertThat(failure).anySatisfy((message) -> assertThat(message)
			.contains("No key-encryption key in production mode")
			.contains("Set GATEHOUSE_KEY_ENCRYPTION_KEY"));
	}

	@Test
	void startWhenKeyEncryptionKeyWrongLengthThenFailsNamingTheSettingAndLength() {
		String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

		List<String> failure = startupFailure(Map.of("gatehouse.mode", "production", "gatehouse.signing.key-encryption-key", sixteenBytes));

		assertThat(failure).anySatisfy((message) -> assertThat(message)
			.contains("GATEHOUSE_KEY_ENCRYPTION_KEY must decode to 32 bytes, not 16"));
	}

	@Test
	void startWhenKeyEncryptionKeyNotBase64ThenFailsNamingTheSetting() {
		List<String> failure = startupFailure(Map.of("gatehouse.mode", "production", "gatehouse.signing.key-encryption-key",
				"this is not base64 at all!"));

		assertThat(failure).anySatisfy((message) -> assertThat(message)
			.contains("GATEHOUSE_KEY_ENCRYPTION_KEY is not base64"));
	}

	@Test
	void startWhenProductionModeAndKeyEncryptionKeySetThenStarts() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Map<String, String> properties = productionReady(Map.of("gatehouse.mode", "production",
				"gatehouse.signing.key-encryption-key", Base64.getUrlEncoder().withoutPadding().encodeToString(key)));

		try (TokenServiceInstance service = TokenServiceInstance.start(properties)) {
			assertThat(service.bean(RuntimeMode.class).isProduction()).isTrue();
			service.http().get().uri("/oauth2/jwks").exchange().expectStatus().isOk();
		}
	}

	@Test
	void startWhenProductionModeThenExampleClientsAreNotRegisteredAndNeedNoSecret() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Map<String, String> properties = productionReady(Map.of("gatehouse.mode", "production",
				"gatehouse.signing.key-encryption-key", Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
		properties.remove("gatehouse.clients.server-app.secret-hash");

		try (TokenServiceInstance service = TokenServiceInstance.start(properties)) {
			ClientRegistry clients = service.bean(ClientRegistry.class);
			assertThat(clients.find("spa")).isEmpty();
			assertThat(clients.find("native-app")).isEmpty();
			assertThat(clients.find("server-app")).isEmpty();
			assertThat(clients.find("web")).isPresent();
		}
	}

	@Test
	void startWhenProductionModeAndOwnClientCopiesTheServerAppDevelopmentSecretThenFailsSayingWhatToSet() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Map<String, String> properties = productionReady(Map.of("gatehouse.mode", "production",
				"gatehouse.signing.key-encryption-key", Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
		properties.put("gatehouse.clients.my-app.type", "confidential");
		properties.put("gatehouse.clients.my-app.secret-hash",
				"{bcrypt}$2a$10$p7VI9y/N9vtFCzSO3NKckuxz/u1NTZe/jwyW2VS76ugVNByb7R4Ge");
		properties.put("gatehouse.clients.my-app.redirect-uris[0]", "https://app.example/callback");

		assertThat(TokenServiceInstance.startupFailureMessages(properties)).anySatisfy((message) -> assertThat(message)
			.contains("Client 'my-app' uses the example server app's development secret in production mode")
			.contains("Set GATEHOUSE_SERVER_APP_CLIENT_SECRET_HASH"));
	}

	@Test
	void startWhenProductionModeAndGatewayBrowserKeepsItsDevelopmentSecretThenFailsSayingWhatToSet() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		Map<String, String> properties = productionReady(Map.of("gatehouse.mode", "production",
				"gatehouse.signing.key-encryption-key", Base64.getUrlEncoder().withoutPadding().encodeToString(key)));
		properties.remove("gatehouse.clients.gateway-browser.secret-hash");

		assertThat(TokenServiceInstance.startupFailureMessages(properties)).anySatisfy((message) -> assertThat(message)
			.contains("Client 'gateway-browser' uses the development secret of the gateway's browser mode in production mode")
			.contains("Set GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET_HASH"));
	}

	private static List<String> startupFailure(Map<String, String> overrides) {
		return TokenServiceInstance.startupFailureMessages(productionReady(overrides));
	}

	/** A fresh schema and a gateway secret that is not the development one: all production needs but the key. */
	private static Map<String, String> productionReady(Map<String, String> overrides) {
		Map<String, String> properties = new HashMap<>(TestDatabase.POSTGRES.properties("prod"));
		properties.put("gatehouse.clients.gateway.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		properties.put("gatehouse.clients.server-app.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		properties.put("gatehouse.clients.gateway-browser.secret-hash", TokenServiceIntegrationTest.SERVICE_SECRET_HASH);
		properties.putAll(overrides);
		return properties;
	}

}

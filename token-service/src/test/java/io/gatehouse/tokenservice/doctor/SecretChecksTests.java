package io.gatehouse.tokenservice.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static io.gatehouse.tokenservice.doctor.Settings.findings;
import static io.gatehouse.tokenservice.doctor.Settings.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secret checks that need no store, each with a configuration that triggers it and one that
 * does not (whether a key opens the stored signing keys is in {@link DoctorCommandIntegrationTests}).
 */
class SecretChecksTests {

	private static final String DEVELOPMENT_GATEWAY_HASH = "{bcrypt}$2a$10$LOSxsckM/Apa/HCDMLX/5Oed28FKNwgKGk4aB4p4HAJvGaBH9ehhq";

	@TempDir
	Path dataDir;

	@Test
	void keyEncryptionKeyWhenMissingInProductionThenErrorAndInDevelopmentANote() {
		assertThat(findings(checks(Settings.of(), true))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("secrets.no-key-encryption-key");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
		});
		assertThat(findings(checks(Settings.of(), false))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("secrets.development-key-encryption-key");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.INFO);
		});
		assertThat(ids(checks(Settings.of("gatehouse.signing.key-encryption-key", newKey()), true))).isEmpty();
	}

	@Test
	void keyEncryptionKeyWhenNotThirtyTwoBytesThenErrorNamingTheLength() {
		Finding finding = findings(checks(Settings.of("gatehouse.signing.key-encryption-key",
				Base64.getEncoder().encodeToString(new byte[16])), false)).get(0);

		assertThat(finding.id()).isEqualTo("secrets.key-encryption-key-invalid");
		assertThat(finding.forUsers()).contains("must decode to 32 bytes, not 16");
	}

	@Test
	void keyEncryptionKeyWhenAlsoTheDevelopmentFileBesideTheDataInProductionThenError() throws Exception {
		String key = newKey();
		Files.writeString(this.dataDir.resolve("key-encryption-key"), key + "\n");

		assertThat(findings(checks(Settings.of("gatehouse.signing.key-encryption-key", key), true))).singleElement()
			.satisfies((finding) -> {
				assertThat(finding.id()).isEqualTo("secrets.development-key-encryption-key");
				assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
				assertThat(finding.forUsers()).contains("mint tokens");
			});
		assertThat(ids(checks(Settings.of("gatehouse.signing.key-encryption-key", newKey()), true))).isEmpty();
	}

	@Test
	void clientWhenDevelopmentSecretInProductionThenErrorSayingWhatToSet() {
		Settings development = Settings.of("gatehouse.signing.key-encryption-key", newKey(),
				"gatehouse.clients.gateway.secret-hash", DEVELOPMENT_GATEWAY_HASH);

		assertThat(findings(checks(development, true))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("secrets.development-client-secret");
			assertThat(finding.forUsers()).contains("client `gateway`");
			assertThat(finding.setting()).contains("GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH");
		});
		assertThat(ids(checks(development, false))).isEmpty();
		assertThat(ids(checks(development.with("gatehouse.clients.gateway.secret-hash",
				TokenServiceIntegrationTest.SERVICE_SECRET_HASH), true))).isEmpty();
	}

	private SecretChecks checks(Settings settings, boolean production) {
		Settings all = settings.with("gatehouse.data-dir", this.dataDir.toString())
			.with("spring.r2dbc.url", "r2dbc:h2:file:///" + this.dataDir.resolve("not-created").toAbsolutePath());
		StoreAccess store = new StoreAccess(all.store(), Settings.unusedDatabase());
		return new SecretChecks(all.signing(), all.gatehouse(), all.clients(), production, store);
	}

	private static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}

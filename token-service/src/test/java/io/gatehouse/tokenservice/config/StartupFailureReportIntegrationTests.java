package io.gatehouse.tokenservice.config;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A start the configuration refuses prints one report, Spring Boot's "APPLICATION FAILED TO
 * START" with what is wrong and what to set, and no stack trace of ours: the operator reads the
 * cause, not a hundred lines ending in a driver's message.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportIntegrationTests {

	@Test
	void startWhenProductionWithoutKeyEncryptionKeyThenOneReportSayingWhatToSet(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("report_kek"));
		properties.put("gatehouse.mode", "production");
		properties.put("gatehouse.signing.key-encryption-key", "");

		failToStart(properties);

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("No key-encryption key in production mode.")
			.contains("Action:")
			.contains("Set GATEHOUSE_KEY_ENCRYPTION_KEY to 32 random bytes")
			.doesNotContain("\tat io.gatehouse")
			.doesNotContain("Application run failed");
	}

	@Test
	void startWhenDatabaseRefusesTheUserThenReportNamesTheUserAndTheSettings(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.POSTGRES.properties("report_login"));
		properties.put("spring.r2dbc.username", "no_such_role_" + Long.toHexString(new SecureRandom().nextLong() >>> 1));

		failToStart(properties);

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("refused the login of user 'no_such_role_")
			.contains("Set SPRING_R2DBC_USERNAME and SPRING_R2DBC_PASSWORD")
			.doesNotContain("\tat org.postgresql")
			.doesNotContain("Application run failed");
	}

	@Test
	void startWhenDevelopmentKeyOfAnotherDirectoryThenReportSaysWhereTheKeyLives(@TempDir Path first,
			@TempDir Path second, CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.POSTGRES.properties("report_devkek"));
		properties.put("gatehouse.signing.key-encryption-key", "");
		properties.put("gatehouse.data-dir", first.toString());
		TokenServiceInstance.start(properties).close();

		properties.put("gatehouse.data-dir", second.toString());
		failToStart(properties);

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("Cannot decrypt signing key")
			.contains("this start used the development key in " + second.resolve("key-encryption-key").toAbsolutePath())
			.contains("set gatehouse.data-dir to it")
			.contains("To carry that key to production, set GATEHOUSE_KEY_ENCRYPTION_KEY");
	}

	@Test
	void startWhenKeyEncryptionKeyTooShortThenReportGivesTheCommand(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("report_short"));
		properties.put("gatehouse.signing.key-encryption-key", Base64.getEncoder().encodeToString(new byte[16]));

		failToStart(properties);

		assertThat(output.getOut()).contains("GATEHOUSE_KEY_ENCRYPTION_KEY must decode to 32 bytes, not 16.")
			.contains("openssl rand -base64 32");
	}

	@Test
	void startWhenBootstrapAdminPasswordBreaksThePasswordRulesThenReportSaysWhichRuleAndWhatToSet(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("report_bootstrap"));
		properties.put("gatehouse.bootstrap-admin.username", "admin");
		properties.put("gatehouse.bootstrap-admin.password", "some-long-admin-pass-1");

		failToStart(properties);

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("The bootstrap admin cannot be created: password must not contain the username.")
			.contains("Set GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME and GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD")
			.doesNotContain("Application run failed");
	}

	@Test
	void startWhenRedirectUrisCannotBeRegisteredThenOneReportNamingEachSetting(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("report_redirects"));
		properties.put("gatehouse.clients.spa.redirect-uris[0]", "https://app.example/callback#top");
		properties.put("gatehouse.clients.spa.redirect-uris[1]", "myapp:/callback");
		properties.put("gatehouse.clients.spa.type", "confidential");

		failToStart(properties);

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("gatehouse.clients.spa.redirect-uris[0] https://app.example/callback#top must not have a fragment")
			.contains("gatehouse.clients.spa.redirect-uris[1] myapp:/callback uses the scheme myapp: a private-use "
					+ "scheme must be a reverse domain name")
			.contains("gatehouse.clients.spa.type is confidential but secret-hash is not set")
			.doesNotContain("Application run failed");
	}

	@Test
	void startWhenProductionAndHttpRedirectToAnotherHostThenRefused(CapturedOutput output) {
		Map<String, String> properties = new HashMap<>(TestDatabase.EMBEDDED.properties("report_http"));
		properties.put("gatehouse.mode", "production");
		properties.put("gatehouse.signing.key-encryption-key", Base64.getEncoder().encodeToString(new byte[32]));
		// A client of the deployment's own: the shipped examples are not registered in production at all.
		properties.put("gatehouse.clients.my-app.type", "public");
		properties.put("gatehouse.clients.my-app.redirect-uris[0]", "http://app.example/callback");

		failToStart(properties);

		assertThat(output.getOut()).contains("gatehouse.clients.my-app.redirect-uris[0] http://app.example/callback uses "
				+ "http to a host that is not loopback: use https in production");
	}

	private static void failToStart(Map<String, String> properties) {
		assertThat(catchThrowable(() -> TokenServiceInstance.start(properties).close())).as("startup fails").isNotNull();
	}

}

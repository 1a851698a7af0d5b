package io.gatehouse.tokenservice.doctor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar token-service.jar doctor}, run as the main entry runs it: the configuration
 * bound by Spring Boot from {@code application.yml} and the arguments, a report on standard output,
 * exit code 1 on errors and 0 otherwise, without starting the service; the checks that reach a real
 * store (PostgreSQL, the embedded one).
 */
class DoctorCommandIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void doctorWhenNoErrorsThenExitsZeroAndLeavesAnEmbeddedStoreUncreated() {
		Result result = doctor(embedded());

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).startsWith("Gatehouse token service doctor: 0 error(s)")
			.contains("INFO store.embedded-new");
		assertThat(this.dataDir.resolve("gatehouse.mv.db")).doesNotExist();
		assertThat(this.dataDir.resolve("key-encryption-key")).doesNotExist();
	}

	@Test
	void doctorWhenIssuerGivenTwiceThenPrintsTheErrorAndExitsOne() {
		List<String> args = embedded();
		args.add("--gatehouse.issuer=http://a.example");
		args.add("--gatehouse.issuer=http://b.example");

		Result result = doctor(args);

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("ERROR url.issuer-not-one-url")
			.contains("`http://a.example,http://b.example`")
			.contains("Setting: gatehouse.issuer");
	}

	@Test
	void doctorWhenStoreUnreachableThenErrorFindingAndNoStackTrace() {
		Result result = doctor(new ArrayList<>(List.of("--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/gatehouse",
				"--spring.r2dbc.username=gatehouse", "--gatehouse.data-dir=" + this.dataDir)));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("ERROR store.unreachable: The store r2dbc:postgresql://127.0.0.1:1/gatehouse "
				+ "cannot be reached").doesNotContain("\tat ");
	}

	/**
	 * Review finding: credentials in the R2DBC URL ({@code user:password@host}) reach PostgreSQL over
	 * R2DBC, but the JDBC URL derived for Flyway keeps them in the host, whose
	 * {@code UnknownHostException} message ({@code postgres:<password>@127.0.0.1}) the finding quotes.
	 * Now the JDBC URL carries no credentials (they go to Flyway's user and password), and a store that
	 * cannot be reached is reported without the password whatever the driver's message quotes.
	 */
	@Test
	void doctorWhenStoreUrlCarriesAPasswordThenNoFindingPrintsIt() {
		String password = "Doctor-Leak-" + newKey().substring(0, 8).replaceAll("[^A-Za-z0-9]", "x");
		Result unreachable = doctor(new ArrayList<>(List.of(
				"--spring.r2dbc.url=r2dbc:postgresql://postgres:" + password + "@127.0.0.1:1/test",
				"--spring.r2dbc.username=postgres", "--gatehouse.data-dir=" + this.dataDir)));
		Result reachable = doctor(new ArrayList<>(List.of(
				"--spring.r2dbc.url=r2dbc:postgresql://postgres:" + password + "@127.0.0.1:" + TestDatabase.port() + "/test",
				"--spring.r2dbc.username=postgres", "--gatehouse.data-dir=" + this.dataDir)));

		assertThat(unreachable.output()).contains("store.unreachable").doesNotContain(password);
		assertThat(reachable.output()).doesNotContain("store.unreachable").doesNotContain(password);
	}

	@Test
	void doctorWhenKeyEncryptionKeyDoesNotOpenStoredKeysThenErrorNamingTheKeyAndWithTheRightKeyExitsZero() {
		Map<String, String> database = TestDatabase.POSTGRES.properties("doctor_kek");
		String key = newKey();
		Map<String, String> started = new HashMap<>(database);
		started.put("gatehouse.signing.key-encryption-key", key);
		started.put("gatehouse.data-dir", this.dataDir.toString());
		TokenServiceInstance.start(started).close();

		Result wrong = doctor(args(database, "gatehouse.signing.key-encryption-key", newKey()));
		Result right = doctor(args(database, "gatehouse.signing.key-encryption-key", key));

		assertThat(wrong.exitCode()).isEqualTo(1);
		assertThat(wrong.output()).contains("ERROR secrets.key-encryption-key-does-not-open-keys")
			.contains("Cannot decrypt signing key");
		assertThat(right.exitCode()).as(right.output()).isZero();
		assertThat(right.output()).doesNotContain("secrets.key-encryption-key-does-not-open-keys");
	}

	@Test
	void doctorWhenSchemaNotMigratedAndFlywayDisabledThenErrorAndWithFlywayANote() {
		Map<String, String> database = TestDatabase.POSTGRES.properties("doctor_schema");

		Result disabled = doctor(args(database, "spring.flyway.enabled", "false"));
		Result enabled = doctor(args(database, "spring.flyway.enabled", "true"));

		assertThat(disabled.exitCode()).isEqualTo(1);
		assertThat(disabled.output()).contains("ERROR store.schema-not-migrated: The store lacks migrations V1");
		assertThat(enabled.exitCode()).as(enabled.output()).isZero();
		assertThat(enabled.output()).contains("INFO store.schema-not-migrated");
	}

	private List<String> embedded() {
		return new ArrayList<>(List.of("--spring.r2dbc.url=r2dbc:h2:file:///" + this.dataDir.resolve("gatehouse").toAbsolutePath(),
				"--gatehouse.data-dir=" + this.dataDir));
	}

	private List<String> args(Map<String, String> database, String name, String value) {
		List<String> args = new ArrayList<>();
		database.forEach((key, each) -> args.add("--" + key + "=" + each));
		args.add("--gatehouse.data-dir=" + this.dataDir);
		args.add("--" + name + "=" + value);
		return args;
	}

	private static Result doctor(List<String> settings) {
		List<String> args = new ArrayList<>();
		args.add(DoctorCommand.NAME);
		args.addAll(settings);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int exitCode = new DoctorCommand().run(args.toArray(String[]::new), new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return new Result(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private record Result(int exitCode, String output) {
	}

}

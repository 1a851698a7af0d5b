package io.gatehouse.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import io.gatehouse.k8s.support.NodeScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests' check ({@code check/check.mjs}) as CI runs it: every overlay rendered by kubectl 1.33,
 * every document valid against the Kubernetes, CloudNativePG and Prometheus Operator schemas with no
 * unknown field, every rule holding, and every broken fixture under {@code test-fixtures/} refused
 * for the reason its {@code expect.yaml} names. The check's own lines are logged; it ends with
 * "N passed, N failed".
 */
class ManifestCheckTests {

	private static final Log logger = LogFactory.getLog(ManifestCheckTests.class);

	private static final Duration LIMIT = Duration.ofMinutes(5);

	@Test
	void checkWhenEveryOverlayAndFixtureJudgedThenEachPassesAndEveryFixtureIsRefused() {
		NodeScript.Result result = NodeScript.run("check.mjs", List.of(), LIMIT);
		logger.info("node check/check.mjs:\n" + result.output());
		assertThat(result.exitCode()).as("exit code of node check/check.mjs:\n%s%s", result.output(), result.errors()).isZero();
		assertThat(result.lastLine()).matches("\\d+ passed, 0 failed");
		for (String fixture : fixtures()) {
			assertThat(result.output()).as("the check judged fixture %s", fixture).containsPattern("(?m)^ok +test-fixtures/" + fixture + ": refused by ");
		}
		assertThat(result.output()).contains("ok   overlays/dev: ", "ok   overlays/production: ");
	}

	@Test
	void checkWhenBrokenFixtureTakenForTheProductionOverlayThenFailsNamingRuleAndReason() {
		NodeScript.Result result = NodeScript.run("check.mjs", List.of("--as", "production", "test-fixtures/probes-client-port"), LIMIT);
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).containsPattern("(?m)^FAIL test-fixtures/probes-client-port: probes: ")
			.contains("Deployment gateway: readinessProbe asks port http, not the management port 8091");
		assertThat(result.lastLine()).matches("\\d+ passed, 1 failed");
	}

	@Test
	void checkWhenMisspeltFieldTakenForTheProductionOverlayThenSchemaRefusesIt() {
		NodeScript.Result result = NodeScript.run("check.mjs", List.of("--as", "production", "test-fixtures/schema-cnpg-unknown-field"), LIMIT);
		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).containsPattern("(?m)^FAIL test-fixtures/schema-cnpg-unknown-field: \\d+ documents valid against their schemas")
			.contains("Cluster gatehouse-db: unknown field spec.bootstrap.initdb.databse");
	}

	private static List<String> fixtures() {
		try (Stream<Path> entries = Files.list(Path.of("test-fixtures"))) {
			List<String> names = entries.filter(Files::isDirectory).map((path) -> path.getFileName().toString()).sorted().toList();
			assertThat(names).as("broken fixtures under k8s/test-fixtures").hasSizeGreaterThanOrEqualTo(20);
			return names;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

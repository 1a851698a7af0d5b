package io.gatehouse.tokenservice.doctor;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.gatehouse.tokenservice.doctor.Settings.findings;
import static io.gatehouse.tokenservice.doctor.Settings.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.doctor.Finding;

/**
 * The store checks read from the settings, on an embedded store that does not exist (so it is not
 * opened); the checks that reach the store are in {@link DoctorCommandIntegrationTests}.
 */
class StoreChecksTests {

	@TempDir
	Path dataDir;

	@Test
	void embeddedStoreWhenProductionThenErrorAndInDevelopmentNone() {
		assertThat(findings(checks(embedded(""), true))).first().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("store.embedded-in-production");
			assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
			assertThat(finding.setting()).contains("SPRING_R2DBC_URL");
		});
		assertThat(ids(checks(embedded(""), false))).doesNotContain("store.embedded-in-production");
	}

	@Test
	void embeddedStoreWhenOpenedForSeveralProcessesThenWarning() {
		assertThat(ids(checks(embedded(";AUTO_SERVER=TRUE"), false))).contains("store.embedded-shared");
		assertThat(ids(checks(embedded(";FILE_LOCK=NO"), false))).contains("store.embedded-shared");
		assertThat(ids(checks(embedded(""), false))).doesNotContain("store.embedded-shared");
	}

	@Test
	void embeddedStoreWhenNotCreatedYetThenNoteAndNotCreated() {
		assertThat(ids(checks(embedded(""), false))).containsExactly("store.embedded-new");
		assertThat(this.dataDir.resolve("gatehouse.mv.db")).doesNotExist();
	}

	private Settings embedded(String options) {
		return Settings.of("spring.r2dbc.url", "r2dbc:h2:file:///" + this.dataDir.resolve("gatehouse").toAbsolutePath() + options);
	}

	private static StoreChecks checks(Settings settings, boolean production) {
		return new StoreChecks(new StoreAccess(settings.store(), Settings.unusedDatabase()), production);
	}

}

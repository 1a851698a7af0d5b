package io.gatehouse.tokenservice.doctor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.core.env.Environment;

import io.gatehouse.tokenservice.config.JdbcUrls;

/**
 * The store as the token service will open it: the R2DBC URL and credentials
 * ({@code spring.r2dbc.*}) and Flyway's view of the same database ({@code spring.flyway.*}, derived
 * from the R2DBC settings unless set).
 *
 * @param r2dbcUrl {@code spring.r2dbc.url}
 * @param username {@code spring.r2dbc.username}
 * @param password {@code spring.r2dbc.password}
 * @param flywayEnabled {@code spring.flyway.enabled}, default true: migrations run at startup
 * @param flywayLocations {@code spring.flyway.locations}, with {@code {vendor}} resolved
 * @param jdbcUrl Flyway's JDBC URL of the same database
 */
record StoreSettings(String r2dbcUrl, String username, String password, boolean flywayEnabled,
		List<String> flywayLocations, String jdbcUrl) {

	static StoreSettings from(Environment environment) {
		String url = environment.getProperty("spring.r2dbc.url", "");
		String vendor = isH2(url) ? "h2" : "postgresql";
		List<String> locations = Arrays.stream(environment
			.getProperty("spring.flyway.locations", "classpath:db/migration,classpath:db/{vendor}")
			.split(",")).map(String::trim).map((location) -> location.replace("{vendor}", vendor)).toList();
		String jdbcUrl = environment.getProperty("spring.flyway.url");
		if (jdbcUrl == null || jdbcUrl.isBlank()) {
			jdbcUrl = url.isBlank() ? "" : JdbcUrls.fromR2dbc(url);
		}
		JdbcUrls.Credentials inUrl = url.isBlank() ? new JdbcUrls.Credentials(null, null) : JdbcUrls.credentials(url);
		return new StoreSettings(url,
				environment.getProperty("spring.r2dbc.username", (inUrl.user() != null) ? inUrl.user() : ""),
				environment.getProperty("spring.r2dbc.password", (inUrl.password() != null) ? inUrl.password() : ""),
				environment.getProperty("spring.flyway.enabled", Boolean.class, true), locations, jdbcUrl);
	}

	/** Whether this is the embedded store (H2). */
	boolean embedded() {
		return isH2(this.r2dbcUrl);
	}

	/** The embedded store's data file ({@code <path>.mv.db}), when it is kept in a file. */
	Optional<Path> embeddedFile() {
		if (!this.jdbcUrl.startsWith("jdbc:h2:file:")) {
			return Optional.empty();
		}
		String path = this.jdbcUrl.substring("jdbc:h2:file:".length());
		int options = path.indexOf(';');
		return Optional.of(Path.of(((options < 0) ? path : path.substring(0, options)) + ".mv.db"));
	}

	/** The URL for messages, without credentials. */
	String redactedUrl() {
		return JdbcUrls.redacted(this.r2dbcUrl);
	}

	/** Whether the URL lets more than one process open the embedded store ({@code AUTO_SERVER}, {@code FILE_LOCK=NO}). */
	boolean embeddedSharable() {
		String upper = this.r2dbcUrl.toUpperCase(Locale.ROOT).replace(" ", "");
		return embedded() && (upper.contains("AUTO_SERVER=TRUE") || upper.contains("FILE_LOCK=NO"));
	}

	private static boolean isH2(String url) {
		return url.startsWith("r2dbc:h2:") || url.startsWith("r2dbc:pool:h2:");
	}

}

package io.gatehouse.tokenservice.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.testsupport.TestPostgres;

/**
 * The two stores every contract test runs on. {@link #POSTGRES} is the real PostgreSQL from the
 * environment ({@code GATEHOUSE_TEST_PG_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD},
 * {@code _DATABASE}; defaults {@code 127.0.0.1:5432}, {@code postgres}, no password, {@code test})
 * with a fresh schema per test JVM, dropped at exit. {@link #EMBEDDED} is the file-backed H2 the
 * service uses by default, in a temporary directory.
 */
public enum TestDatabase {

	POSTGRES {
		@Override
		public Map<String, String> properties(String name) {
			String schema = createSchema(name);
			// Spring keeps every test context (and its pool) open: idle connections are closed after 10 s so
			// that the suite's many contexts stay well under PostgreSQL's max_connections.
			return Map.of("spring.r2dbc.url", TestPostgres.r2dbcUrl(schema),
					"spring.r2dbc.username", user(), "spring.r2dbc.password", password(),
					"spring.r2dbc.pool.initial-size", "1", "spring.r2dbc.pool.max-idle-time", "10s");
		}
	},

	EMBEDDED {
		@Override
		public Map<String, String> properties(String name) {
			Path dir = tempDir(name);
			return Map.of("spring.r2dbc.url", "r2dbc:h2:file:///" + dir.resolve("gatehouse").toAbsolutePath(),
					"spring.r2dbc.username", "sa", "spring.r2dbc.password", "", "gatehouse.data-dir", dir.toString());
		}
	};

	/** Spring properties that point a token service at a new, empty database named after {@code name}. */
	public abstract Map<String, String> properties(String name);

	public static String host() {
		return TestPostgres.host();
	}

	public static String port() {
		return TestPostgres.port();
	}

	public static String user() {
		return TestPostgres.user();
	}

	public static String password() {
		return TestPostgres.password();
	}

	public static String database() {
		return TestPostgres.database();
	}

	/** Creates {@code gh_<name>_<random>} and drops it when the JVM exits. */
	public static String createSchema(String name) {
		String schema = ("gh_" + name + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase().replaceAll("[^a-z0-9_]", "_");
		execute("create schema " + schema);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				execute("drop schema if exists " + schema + " cascade");
			}
			catch (RuntimeException ex) {
				// best effort: the database may be gone already
			}
		}));
		return schema;
	}

	private static void execute(String sql) {
		TestPostgres.execute(sql);
	}

	private static Path tempDir(String name) {
		try {
			Path dir = Files.createTempDirectory("gatehouse-" + name);
			dir.toFile().deleteOnExit();
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

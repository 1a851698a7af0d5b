package io.gatehouse.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the integration tests use: {@code 127.0.0.1:5432}, user {@code postgres} without a
 * password, database {@code test}, each overridable with {@code GATEHOUSE_TEST_PG_HOST}, {@code _PORT},
 * {@code _USER}, {@code _PASSWORD} and {@code _DATABASE}. {@link #execute} runs one statement over
 * JDBC (the caller's test classpath provides the driver).
 */
public final class TestPostgres {

	private TestPostgres() {
	}

	public static String host() {
		return env("GATEHOUSE_TEST_PG_HOST", "127.0.0.1");
	}

	public static String port() {
		return env("GATEHOUSE_TEST_PG_PORT", "5432");
	}

	public static String user() {
		return env("GATEHOUSE_TEST_PG_USER", "postgres");
	}

	public static String password() {
		return env("GATEHOUSE_TEST_PG_PASSWORD", "");
	}

	public static String database() {
		return env("GATEHOUSE_TEST_PG_DATABASE", "test");
	}

	/** The R2DBC URL of the test database, in {@code schema}. */
	public static String r2dbcUrl(String schema) {
		return "r2dbc:postgresql://" + host() + ":" + port() + "/" + database() + "?schema=" + schema;
	}

	/** Runs one SQL statement; fails saying that PostgreSQL is required when it cannot. */
	public static void execute(String sql) {
		String url = "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
		try (Connection connection = DriverManager.getConnection(url, user(), password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + url + " is required for this test: " + ex.getMessage(), ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}

package io.gatehouse.tokenservice.user;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import io.gatehouse.testsupport.TestPostgres;
import io.gatehouse.tokenservice.support.SessionTimeline;
import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceInstance;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Migration V7 on a PostgreSQL that already holds usernames differing only in case (migrated to V6,
 * rows inserted, then migrated on): no account is lost or merged, the oldest keeps the key, the others
 * get the first free suffix and are recorded, the service warns about them at startup and each one
 * still logs in, under its new key.
 */
@ExtendWith(OutputCaptureExtension.class)
class UsernameKeyMigrationPostgresIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private final String schema = TestDatabase.createSchema("username_key");

	private final String hash = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
		.encode(TokenServiceIntegrationTest.PASSWORD);

	@Test
	void migrateWhenUsernamesCollideAfterNormalisingThenOldestKeepsTheKeyOthersSuffixedRecordedAndWarned(
			CapturedOutput output) throws SQLException {
		flyway().target(lastVersionBeforeV7()).load().migrate();
		Map<String, UUID> ids = new LinkedHashMap<>();
		ids.put("alice", insertUser("alice", T0.plusSeconds(1)));
		ids.put("ALICE", insertUser("ALICE", T0));
		ids.put("Alice", insertUser("Alice", T0.plusSeconds(2)));
		ids.put("alice.2", insertUser("alice.2", T0.plusSeconds(3)));
		ids.put("bob", insertUser("bob", T0));

		flyway().load().migrate();

		assertThat(keys()).containsExactlyInAnyOrderEntriesOf(Map.of("ALICE", "alice", "alice", "alice.3", "Alice",
				"alice.4", "alice.2", "alice.2", "bob", "bob"));
		assertThat(collisions()).containsExactlyInAnyOrderEntriesOf(Map.of(ids.get("alice"), "alice.3",
				ids.get("Alice"), "alice.4"));
		assertThatExceptionOfType(SQLException.class).as("username_key is unique")
			.isThrownBy(() -> execute("insert into users (id, username, username_key, password_hash, roles, created_at, "
					+ "password_changed_at) values ('" + UUID.randomUUID() + "', 'BOB', 'bob', 'x', '', current_timestamp, "
					+ "current_timestamp)"));

		try (TokenServiceInstance service = TokenServiceInstance.start(Map.of("spring.r2dbc.url",
				TestPostgres.r2dbcUrl(this.schema), "spring.r2dbc.username", TestDatabase.user(),
				"spring.r2dbc.password", TestDatabase.password()))) {
			assertThat(output.getOut().lines().filter((line) -> line.contains("WARN") && line.contains("account(s) lost")))
				.singleElement(InstanceOfAssertFactories.STRING)
				.contains("2 account(s)")
				.contains("'alice' (user " + ids.get("alice") + ") logs in as 'alice.3', its name belonging to 'ALICE'")
				.contains("'Alice' (user " + ids.get("Alice") + ") logs in as 'alice.4'");
			assertThat(preferredUsername(service, "alice")).isEqualTo("ALICE");
			assertThat(preferredUsername(service, "Alice.3")).isEqualTo("alice");
			assertThat(preferredUsername(service, "alice.4")).isEqualTo("Alice");
			assertThat(preferredUsername(service, "ALICE.2")).isEqualTo("alice.2");
		}
	}

	/** V6 once that migration exists, the latest one before V7 until then (Flyway's target must exist). */
	private MigrationVersion lastVersionBeforeV7() {
		return Arrays.stream(flyway().load().info().all())
			.map(MigrationInfo::getVersion)
			.filter((version) -> version != null && version.compareTo(MigrationVersion.fromVersion("7")) < 0)
			.max(Comparator.naturalOrder())
			.orElseThrow();
	}

	private FluentConfiguration flyway() {
		return Flyway.configure()
			.dataSource(jdbcUrl(), TestDatabase.user(), TestDatabase.password())
			.schemas(this.schema)
			.locations("classpath:db/migration", "classpath:db/postgresql")
			.javaMigrations(new UsernameKeyMigration());
	}

	private static String preferredUsername(TokenServiceInstance service, String username) {
		JsonNode login = service.http()
			.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", TokenServiceIntegrationTest.PASSWORD, "client_id", "web"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		return SessionTimeline.claim(login, "preferred_username");
	}

	private UUID insertUser(String username, Instant createdAt) throws SQLException {
		UUID id = UUID.randomUUID();
		try (Connection connection = connect();
				PreparedStatement insert = connection.prepareStatement("insert into users (id, username, password_hash, "
						+ "roles, created_at, password_changed_at) values (?, ?, ?, '', ?, ?)")) {
			insert.setObject(1, id);
			insert.setString(2, username);
			insert.setString(3, this.hash);
			insert.setObject(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
			insert.setObject(5, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
			insert.executeUpdate();
		}
		return id;
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = connect()) {
			connection.createStatement().execute(sql);
		}
	}

	private Map<String, String> keys() throws SQLException {
		Map<String, String> keys = new LinkedHashMap<>();
		try (Connection connection = connect();
				ResultSet rows = connection.createStatement().executeQuery("select username, username_key from users")) {
			while (rows.next()) {
				keys.put(rows.getString(1), rows.getString(2));
			}
		}
		return keys;
	}

	private Map<UUID, String> collisions() throws SQLException {
		Map<UUID, String> collisions = new LinkedHashMap<>();
		try (Connection connection = connect();
				ResultSet rows = connection.createStatement()
					.executeQuery("select user_id, assigned_key from username_key_collisions")) {
			while (rows.next()) {
				collisions.put(rows.getObject(1, UUID.class), rows.getString(2));
			}
		}
		return collisions;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), TestDatabase.user(), TestDatabase.password());
	}

	private String jdbcUrl() {
		return "jdbc:postgresql://" + TestDatabase.host() + ":" + TestDatabase.port() + "/" + TestDatabase.database()
				+ "?currentSchema=" + this.schema;
	}

}

package io.gatehouse.tokenservice.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration V7, in Java because the key is {@link UsernameKey}'s, the one function login uses (SQL's
 * {@code lower} follows the database's collation, and H2 has no NFKC): adds {@code users.username_key},
 * fills it, and makes it unique and not null, on PostgreSQL and the embedded store alike.
 * <p>
 * Names that were distinct but share a key ({@code alice}, {@code ALICE}) are not merged and not
 * refused: the oldest account (by {@code created_at}, then id) keeps the key; each other one gets the
 * key with the first free suffix {@code .2}, {@code .3}, … (so it can still log in, with that name) and
 * a row in {@code username_key_collisions}; {@link UsernameKeyCollisionReport} warns at every startup
 * while such an account keeps its suffixed key. Registered as a bean, which Spring Boot hands to Flyway.
 */
@Component
public final class UsernameKeyMigration implements JavaMigration {

	private static final Log logger = LogFactory.getLog(UsernameKeyMigration.class);

	/** Users read and keyed per round trip while filling the column. */
	private static final int PAGE = 1000;

	/** More accounts than this under one key is not a collision an administrator can sort out by hand. */
	private static final int MAX_SUFFIX = 10_000;

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("7");
	}

	@Override
	public String getDescription() {
		return "username key";
	}

	@Override
	public Integer getChecksum() {
		return 7_001;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("alter table users add column username_key varchar(100)");
			// One row per account that lost its key to an older one: who, under which name, who owns the key now.
			statement.execute("create table username_key_collisions (user_id uuid primary key, "
					+ "username varchar(100) not null, key_owner_id uuid not null, assigned_key varchar(100) not null, "
					+ "recorded_at timestamp with time zone not null)");
		}
		fillKeys(connection);
		for (String key : sharedKeys(connection)) {
			separate(connection, key);
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("alter table users alter column username_key set not null");
			statement.execute("alter table users add constraint users_username_key_unique unique (username_key)");
		}
	}

	/** Sets every user's key, a page of users at a time: each page is the users still without one. */
	private static void fillKeys(Connection connection) throws SQLException {
		try (PreparedStatement page = connection.prepareStatement(
				"select id, username from users where username_key is null fetch first " + PAGE + " rows only");
				PreparedStatement update = connection.prepareStatement("update users set username_key = ? where id = ?")) {
			int read = PAGE;
			while (read == PAGE) {
				read = 0;
				try (ResultSet rows = page.executeQuery()) {
					while (rows.next()) {
						update.setString(1, UsernameKey.of(rows.getString("username")));
						update.setObject(2, rows.getObject("id", UUID.class));
						update.addBatch();
						read++;
					}
				}
				update.executeBatch();
			}
		}
	}

	private static List<String> sharedKeys(Connection connection) throws SQLException {
		List<String> keys = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("select username_key from users group by username_key having count(*) > 1")) {
			while (rows.next()) {
				keys.add(rows.getString(1));
			}
		}
		return keys;
	}

	/** Leaves {@code key} to its oldest account and gives each other one a free suffixed key, recorded. */
	private static void separate(Connection connection, String key) throws SQLException {
		List<UUID> ids = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try (PreparedStatement query = connection
			.prepareStatement("select id, username from users where username_key = ? order by created_at, id")) {
			query.setString(1, key);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getObject("id", UUID.class));
					names.add(rows.getString("username"));
				}
			}
		}
		int suffix = 1;
		for (int i = 1; i < ids.size(); i++) {
			String assigned;
			do {
				suffix++;
				assigned = suffixed(key, suffix);
			}
			while (isTaken(connection, assigned));
			reassign(connection, ids.get(i), names.get(i), ids.get(0), assigned);
			logger.warn("Username '" + names.get(i) + "' (user " + ids.get(i) + ") has the key '" + key + "' of the older '"
					+ names.get(0) + "' (user " + ids.get(0) + "); it now logs in as '" + assigned + "'");
		}
	}

	/** {@code key} with {@code .n}, shortened to stay within 100 characters. */
	private static String suffixed(String key, int n) {
		if (n > MAX_SUFFIX) {
			throw new IllegalStateException("More than " + MAX_SUFFIX + " usernames share the key '" + key
					+ "'; remove the duplicate accounts before migrating");
		}
		String suffix = "." + n;
		return key.substring(0, Math.min(key.length(), 100 - suffix.length())) + suffix;
	}

	private static boolean isTaken(Connection connection, String key) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("select count(*) from users where username_key = ?")) {
			query.setString(1, key);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1) > 0;
			}
		}
	}

	private static void reassign(Connection connection, UUID id, String username, UUID owner, String key)
			throws SQLException {
		try (PreparedStatement update = connection.prepareStatement("update users set username_key = ? where id = ?");
				PreparedStatement record = connection
					.prepareStatement("insert into username_key_collisions (user_id, username, key_owner_id, assigned_key, "
							+ "recorded_at) values (?, ?, ?, ?, current_timestamp)")) {
			update.setString(1, key);
			update.setObject(2, id);
			update.executeUpdate();
			record.setObject(1, id);
			record.setString(2, username);
			record.setObject(3, owner);
			record.setString(4, key);
			record.executeUpdate();
		}
	}

}

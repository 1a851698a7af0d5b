package io.gatehouse.tokenservice.user;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code users}; roles are stored space-separated. */
@Repository
public class UserRepository {

	private static final String COLUMNS = "id, username, username_key, password_hash, roles, created_at, password_changed_at";

	private final DatabaseClient db;

	UserRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The user whose {@link UsernameKey} is {@code key}. */
	public Mono<User> findByKey(String key) {
		return this.db.sql("select " + COLUMNS + " from users where username_key = :key")
			.bind("key", key)
			.map(UserRepository::toUser)
			.one();
	}

	public Mono<User> findById(UUID id) {
		return this.db.sql("select " + COLUMNS + " from users where id = :id").bind("id", id).map(UserRepository::toUser).one();
	}

	Mono<Boolean> anyWithRole(String role) {
		return this.db.sql("select roles from users")
			.map((row) -> row.get("roles", String.class))
			.all()
			.any((roles) -> Roles.parse(roles).contains(role));
	}

	/** Inserts the user; fails with {@code DataIntegrityViolationException} when the username key is taken. */
	Mono<User> insert(User user) {
		return this.db
			.sql("insert into users (" + COLUMNS + ") values (:id, :username, :key, :hash, :roles, :createdAt, :changedAt)")
			.bind("id", user.id())
			.bind("username", user.username())
			.bind("key", user.usernameKey())
			.bind("hash", user.passwordHash())
			.bind("roles", Roles.format(user.roles()))
			.bind("createdAt", user.createdAt().atOffset(ZoneOffset.UTC))
			.bind("changedAt", user.passwordChangedAt().atOffset(ZoneOffset.UTC))
			.fetch()
			.rowsUpdated()
			.thenReturn(user);
	}

	/** Locks the user's row until the caller's transaction ends, so checks on one user serialise across replicas. */
	Mono<Void> lock(UUID id) {
		return this.db.sql("select id from users where id = :id for update").bind("id", id).map((row) -> 1).all().then();
	}

	Mono<Long> updatePassword(UUID id, String hash, java.time.Instant changedAt) {
		return this.db.sql("update users set password_hash = :hash, password_changed_at = :changedAt where id = :id")
			.bind("hash", hash)
			.bind("changedAt", changedAt.atOffset(ZoneOffset.UTC))
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	private static User toUser(Readable row) {
		return new User(row.get("id", UUID.class), row.get("username", String.class),
				row.get("username_key", String.class), row.get("password_hash", String.class),
				Roles.parse(row.get("roles", String.class)), row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("password_changed_at", OffsetDateTime.class).toInstant());
	}

}

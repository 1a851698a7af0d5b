package io.gatehouse.tokenservice.user;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

/** Rows of {@code users}; roles are stored space-separated. */
@Repository
public class UserRepository {

	private static final String COLUMNS = "id, username, username_key, password_hash, roles, created_at, password_changed_at, "
			+ "disabled_at, disabled_by";

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

	/**
	 * At most {@code limit} users whose key starts with {@code prefix} and comes after {@code after}
	 * ({@code null}: from the first), in key order.
	 */
	Flux<User> page(String prefix, String after, int limit) {
		DatabaseClient.GenericExecuteSpec query = this.db.sql("select " + COLUMNS + " from users where username_key "
				+ "like :prefix escape '\\'" + ((after != null) ? " and username_key > :after" : "")
				+ " order by username_key fetch first " + limit + " rows only")
			.bind("prefix", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		return ((after != null) ? query.bind("after", after) : query).map(UserRepository::toUser).all();
	}

	/** Locks the rows of every enabled user with the admin role, in id order, and emits their ids. */
	Mono<List<UUID>> lockEnabledAdmins() {
		return this.db.sql("select id, roles from users where disabled_at is null and roles like :admin order by id for update")
			.bind("admin", "%" + User.ADMIN_ROLE + "%")
			.map((row) -> Map.entry(row.get("id", UUID.class), Roles.parse(row.get("roles", String.class))))
			.all()
			.filter((admin) -> admin.getValue().contains(User.ADMIN_ROLE))
			.map(Map.Entry::getKey)
			.collectList();
	}

	/** Locks the user's row if the user is enabled; emits whether it is. */
	Mono<Boolean> lockIfEnabled(UUID id) {
		return this.db.sql("select id from users where id = :id and disabled_at is null for update")
			.bind("id", id)
			.map((row) -> 1)
			.all()
			.hasElements();
	}

	Mono<Void> setDisabled(UUID id, Instant at, UUID by) {
		return this.db.sql("update users set disabled_at = :at, disabled_by = :by where id = :id")
			.bind("at", Parameter.fromOrEmpty((at != null) ? at.atOffset(ZoneOffset.UTC) : null, OffsetDateTime.class))
			.bind("by", Parameter.fromOrEmpty(by, UUID.class))
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.then();
	}

	Mono<Void> setRoles(UUID id, List<String> roles) {
		return this.db.sql("update users set roles = :roles where id = :id")
			.bind("roles", Roles.format(roles))
			.bind("id", id)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** Deletes the user; the sessions and refresh tokens go with it (the audit tables keep the id). */
	Mono<Void> delete(UUID id) {
		return this.db.sql("delete from users where id = :id").bind("id", id).fetch().rowsUpdated().then();
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
			.sql("insert into users (id, username, username_key, password_hash, roles, created_at, password_changed_at) "
					+ "values (:id, :username, :key, :hash, :roles, :createdAt, :changedAt)")
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

	Mono<Long> updatePassword(UUID id, String hash, Instant changedAt) {
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
				row.get("password_changed_at", OffsetDateTime.class).toInstant(), instant(row, "disabled_at"),
				row.get("disabled_by", UUID.class));
	}

	private static Instant instant(Readable row, String column) {
		OffsetDateTime at = row.get(column, OffsetDateTime.class);
		return (at != null) ? at.toInstant() : null;
	}

}

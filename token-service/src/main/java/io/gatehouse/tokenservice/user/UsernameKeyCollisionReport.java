package io.gatehouse.tokenservice.user;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Warns at startup, for an administrator, about every account that {@link UsernameKeyMigration} moved
 * off a key shared with an older account and that still logs in under the suffixed key (one WARN line
 * listing them all). An account stops being listed when it is deleted, or when its row in
 * {@code username_key_collisions} is deleted once its owner knows the new name. A report that cannot be
 * read is a WARN too, never a failed startup.
 */
@Component
final class UsernameKeyCollisionReport implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(UsernameKeyCollisionReport.class);

	private final DatabaseClient db;

	UsernameKeyCollisionReport(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<String> accounts = this.db
			.sql("select c.user_id, c.username, c.assigned_key, o.username as owner from username_key_collisions c "
					+ "join users u on u.id = c.user_id and u.username_key = c.assigned_key "
					+ "left join users o on o.id = c.key_owner_id order by c.assigned_key")
			.map((row) -> "'" + row.get("username", String.class) + "' (user " + row.get("user_id") + ") logs in as '"
					+ row.get("assigned_key", String.class) + "', its name belonging to '" + row.get("owner", String.class)
					+ "'")
			.all()
			.collectList()
			.onErrorResume((ex) -> {
				logger.warn("Cannot read the usernames that collided when usernames became case-insensitive: " + ex);
				return Mono.just(List.of());
			})
			.block(Duration.ofSeconds(30));
		if (accounts != null && !accounts.isEmpty()) {
			logger.warn(accounts.size() + " account(s) lost their username to an older account when usernames became "
					+ "case-insensitive (migration V7) and log in under a new name: " + String.join("; ", accounts)
					+ ". Tell their owners, or delete the duplicate accounts (DELETE /admin/users/{username}); "
					+ "see docs/token-service.md#usernames");
		}
	}

}

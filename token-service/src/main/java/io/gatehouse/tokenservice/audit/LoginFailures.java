package io.gatehouse.tokenservice.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Failed logins, recorded and logged: when, which user (none when the username names no user; the
 * typed name is not kept, since people type passwords into it), which client, from where, and why
 * ({@link #WRONG_PASSWORD}, {@link #UNKNOWN_USER} or {@link #ACCOUNT_DISABLED}). Never a password. Logged as a readable line
 * with the fields as key-value pairs, like {@link AuditTrail}; read by support through
 * {@code GET /admin/users/{username}/failed-logins}; purged with the audit events
 * ({@link AuditTrail#deleteBefore}).
 */
@Component
public final class LoginFailures {

	public static final String WRONG_PASSWORD = "wrong_password";

	public static final String UNKNOWN_USER = "unknown_user";

	/** The right password of a disabled account: answered like a wrong one, recorded as what it is. */
	public static final String ACCOUNT_DISABLED = "account_disabled";

	private static final Logger logger = LoggerFactory.getLogger(LoginFailures.class);

	private final DatabaseClient db;

	LoginFailures(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Records and logs the failed password check {@code check} of a login (the JSON one or the login
	 * page's): {@link #UNKNOWN_USER}, {@link #ACCOUNT_DISABLED} (the right password of a disabled
	 * user) or {@link #WRONG_PASSWORD}.
	 */
	public Mono<Void> record(Instant at, UserService.LoginCheck check, String clientId, RequestOrigin origin) {
		UUID userId = (check.user() != null) ? check.user().id() : null;
		String reason = (userId == null) ? UNKNOWN_USER : check.passwordMatches() ? ACCOUNT_DISABLED : WRONG_PASSWORD;
		return record(at, userId, clientId, origin, reason);
	}

	/** Records and logs one failed login with its reason. */
	public Mono<Void> record(Instant at, UUID userId, String clientId, RequestOrigin origin, String reason) {
		log(userId, clientId, origin, reason);
		return this.db.sql("insert into login_failures (occurred_at, user_id, client_id, ip_address, user_agent, reason) "
				+ "values (:at, :userId, :clientId, :ip, :userAgent, :reason)")
			.bind("at", at.atOffset(ZoneOffset.UTC))
			.bind("userId", Parameter.fromOrEmpty(userId, UUID.class))
			.bind("clientId", clientId)
			.bind("ip", Parameter.fromOrEmpty(origin.ipAddress(), String.class))
			.bind("userAgent", Parameter.fromOrEmpty(origin.userAgent(), String.class))
			.bind("reason", reason)
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** The user's failed logins, oldest first. */
	public Flux<LoginFailureView> forUser(UUID userId) {
		return this.db.sql("select occurred_at, client_id, ip_address, user_agent, reason from login_failures "
				+ "where user_id = :id order by occurred_at, id")
			.bind("id", userId)
			.map((row) -> new LoginFailureView(row.get("occurred_at", OffsetDateTime.class).toInstant(),
					row.get("client_id", String.class), row.get("ip_address", String.class),
					row.get("user_agent", String.class), row.get("reason", String.class)))
			.all();
	}

	private static void log(UUID userId, String clientId, RequestOrigin origin, String reason) {
		if (!logger.isInfoEnabled()) {
			return;
		}
		LoggingEventBuilder line = logger.atInfo().addKeyValue("client_id", clientId).addKeyValue("reason", reason);
		if (userId != null) {
			line = line.addKeyValue("user_id", userId);
		}
		if (origin.ipAddress() != null) {
			line = line.addKeyValue("ip_address", origin.ipAddress());
		}
		line.log("login failed" + ((userId != null) ? " for user " + userId : " for an unknown user") + " client "
				+ clientId + " from " + origin.ipAddress() + ": " + reason);
	}

}

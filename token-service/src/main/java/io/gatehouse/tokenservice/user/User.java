package io.gatehouse.tokenservice.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user account. The password exists only as an Argon2id hash.
 *
 * @param id the stable user id, used as the tokens' {@code sub}
 * @param username the login name as its owner wrote it (NFKC, case kept): the display form, shown
 * and put in {@code preferred_username}
 * @param usernameKey the {@link UsernameKey} under which the name is unique and logged in with
 * @param passwordHash spring-security-crypto's encoded Argon2id hash
 * @param roles role names, e.g. {@code admin}
 * @param createdAt when the account was created
 * @param passwordChangedAt when the password was last set
 * @param disabledAt when an administrator disabled the account, {@code null} while it is enabled
 * @param disabledBy the administrator who disabled it, {@code null} while it is enabled
 */
public record User(UUID id, String username, String usernameKey, String passwordHash, List<String> roles, Instant createdAt,
		Instant passwordChangedAt, Instant disabledAt, UUID disabledBy) {

	public static final String ADMIN_ROLE = "admin";

	/** Whether an administrator disabled the account: it cannot log in and has no live session. */
	public boolean isDisabled() {
		return this.disabledAt != null;
	}

	public boolean isAdmin() {
		return this.roles.contains(ADMIN_ROLE);
	}

}

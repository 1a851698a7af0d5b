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
 */
public record User(UUID id, String username, String usernameKey, String passwordHash, List<String> roles, Instant createdAt,
		Instant passwordChangedAt) {

	public static final String ADMIN_ROLE = "admin";

}

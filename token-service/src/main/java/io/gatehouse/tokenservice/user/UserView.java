package io.gatehouse.tokenservice.user;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as the API shows it: never the hash.
 *
 * @param id the user id
 * @param username the user name
 * @param roles the roles
 * @param createdAt creation time
 * @param disabledAt when an administrator disabled the account; {@code null} while it is enabled
 * @param disabledBy the id of that administrator; {@code null} while it is enabled
 */
public record UserView(String id, String username, List<String> roles, @JsonProperty("created_at") Instant createdAt,
		@JsonProperty("disabled_at") Instant disabledAt, @JsonProperty("disabled_by") String disabledBy) {

	public static UserView of(User user) {
		return new UserView(user.id().toString(), user.username(), user.roles(), user.createdAt(), user.disabledAt(),
				(user.disabledBy() != null) ? user.disabledBy().toString() : null);
	}

}

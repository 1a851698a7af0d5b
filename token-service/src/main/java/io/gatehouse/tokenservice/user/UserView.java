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
 */
public record UserView(String id, String username, List<String> roles, @JsonProperty("created_at") Instant createdAt) {

	static UserView of(User user) {
		return new UserView(user.id().toString(), user.username(), user.roles(), user.createdAt());
	}

}

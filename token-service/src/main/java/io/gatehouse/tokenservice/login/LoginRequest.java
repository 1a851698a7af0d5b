package io.gatehouse.tokenservice.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.gatehouse.tokenservice.user.PasswordLength;
import io.gatehouse.tokenservice.user.PasswordMaxLength;

/**
 * The body of {@code POST /auth/login}.
 *
 * @param username the user name
 * @param password the password (at most 128 code points, {@link PasswordLength}'s maximum everywhere)
 * @param clientId the client the session is for
 */
public record LoginRequest(@NotBlank @Size(max = 100) String username, @NotBlank @PasswordMaxLength String password,
		@NotBlank @Size(max = 100) @JsonProperty("client_id") String clientId) {
}

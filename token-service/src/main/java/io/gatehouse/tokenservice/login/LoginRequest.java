package io.gatehouse.tokenservice.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /auth/login}.
 *
 * @param username the user name
 * @param password the password (at most 128 characters, the policy's maximum)
 * @param clientId the client the session is for
 */
public record LoginRequest(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 128) String password,
		@NotBlank @Size(max = 100) @JsonProperty("client_id") String clientId) {
}

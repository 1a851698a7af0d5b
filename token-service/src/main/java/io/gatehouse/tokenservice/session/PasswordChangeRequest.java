package io.gatehouse.tokenservice.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

/**
 * The body of {@code POST /auth/password}.
 *
 * @param currentPassword the password now (at most 128 code points, like every password)
 * @param newPassword the password to set (checked by the password policy)
 */
public record PasswordChangeRequest(
		@NotBlank @JsonProperty("current_password") String currentPassword,
		@NotBlank @JsonProperty("new_password") String newPassword) {
}

package io.gatehouse.tokenservice.admin;

import jakarta.validation.constraints.NotBlank;

import io.gatehouse.tokenservice.user.PasswordMaxLength;

/**
 * The body of {@code POST /admin/users/{username}/password}.
 *
 * @param password the user's new password, under the same rules as everywhere
 */
public record NewPasswordRequest(@NotBlank @PasswordMaxLength String password) {
}

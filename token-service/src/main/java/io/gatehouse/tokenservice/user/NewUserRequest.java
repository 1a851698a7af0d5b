package io.gatehouse.tokenservice.user;

import java.util.List;

/**
 * The body of {@code POST /admin/users} and {@code POST /auth/signup}.
 *
 * @param username the new user's name
 * @param password the new user's password
 * @param roles role names (ignored for self-signup)
 */
public record NewUserRequest(String username, String password, List<String> roles) {
}

package io.gatehouse.tokenservice.admin;

import java.util.List;

/**
 * The body of {@code PUT /admin/users/{username}/roles}.
 *
 * @param roles the user's new roles, replacing the old ones: lowercase names, at most 20
 */
public record RolesRequest(List<String> roles) {
}

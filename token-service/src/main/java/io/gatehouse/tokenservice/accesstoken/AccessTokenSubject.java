package io.gatehouse.tokenservice.accesstoken;

import java.util.List;
import java.util.UUID;

/**
 * Who an access token speaks for.
 *
 * @param userId the {@code sub}
 * @param username the {@code preferred_username}
 * @param roles the {@code roles}
 * @param sessionId the {@code sid}
 * @param scope the space-separated {@code scope}
 */
public record AccessTokenSubject(UUID userId, String username, List<String> roles, UUID sessionId, String scope) {
}

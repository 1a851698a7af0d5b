package io.gatehouse.gateway.auth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a verified access token says, kept in the verified-token cache.
 *
 * @param subject {@code sub}
 * @param sessionId {@code sid}
 * @param clientId {@code client_id}
 * @param scopes the scopes of {@code scope}, sorted
 * @param roles {@code roles}
 * @param expiresAt {@code exp}
 * @param notBefore {@code nbf}, or {@code iat} when absent, or {@code null}
 */
public record ValidatedToken(String subject, String sessionId, String clientId, Set<String> scopes, List<String> roles,
		Instant expiresAt, Instant notBefore) {
}

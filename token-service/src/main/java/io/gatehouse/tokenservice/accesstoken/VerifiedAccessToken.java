package io.gatehouse.tokenservice.accesstoken;

import java.util.List;
import java.util.UUID;

/**
 * The claims of a verified access token that the token service's own endpoints act on.
 *
 * @param userId {@code sub}
 * @param sessionId {@code sid}
 * @param clientId {@code client_id}
 * @param audience {@code aud}
 * @param roles {@code roles}
 * @param scope {@code scope}, space-separated ({@code ""} when absent)
 */
public record VerifiedAccessToken(UUID userId, UUID sessionId, String clientId, List<String> audience,
		List<String> roles, String scope) {

	/** Whether the token's {@code scope} includes {@code scope} (RFC 6749 §3.3). */
	public boolean hasScope(String scope) {
		return List.of(this.scope.split(" ")).contains(scope);
	}

	/** Whether the token was issued for {@code audience} (RFC 9068 §4: its {@code aud} contains it). */
	public boolean isFor(String audience) {
		return this.audience.contains(audience);
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

}

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
 */
public record VerifiedAccessToken(UUID userId, UUID sessionId, String clientId, List<String> audience,
		List<String> roles) {

	/** Whether the token was issued for {@code audience} (RFC 9068 §4: its {@code aud} contains it). */
	public boolean isFor(String audience) {
		return this.audience.contains(audience);
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

}

package io.gatehouse.tokenservice.refresh;

import java.util.List;

import io.gatehouse.tokenservice.session.Session;

/** What a refresh came to: a new refresh token for a live session, or the reason it was refused. */
public sealed interface RotationResult {

	/**
	 * The presented token was accepted.
	 *
	 * @param session the session after the rotation
	 * @param refreshToken the successor token, in clear for the client only
	 * @param username the user's name, for the access token
	 * @param roles the user's current roles, for the access token
	 * @param withinGrace whether the presented token was the predecessor, accepted within the client's
	 * reuse grace (a sibling of the current token), rather than the current one
	 */
	record Rotated(Session session, String refreshToken, String username, List<String> roles,
			boolean withinGrace) implements RotationResult {
	}

	/**
	 * The presented token was refused with {@code invalid_grant}.
	 *
	 * @param reason the {@code error_description}: a session end reason, {@code unknown} or {@code client_mismatch}
	 */
	record Rejected(String reason) implements RotationResult {
	}

}

package io.gatehouse.gateway.browser;

/**
 * What the token service answered a code exchange or a refresh: tokens, a refusal that ends the
 * session (RFC 6749 §5.2 {@code invalid_grant}, with the end reason the token service gives as its
 * description), or no answer that can be trusted (down, slow, 5xx, refused the gateway's own
 * credentials), which must never end a session.
 */
sealed interface TokenOutcome {

	record Granted(TokenSet tokens) implements TokenOutcome {
	}

	/** @param reason why the session ended: {@code expired_idle}, {@code revoked_logout}, … */
	record Refused(String reason) implements TokenOutcome {
	}

	/** @param description what went wrong, for the 503 answer (no secrets) */
	record Unavailable(String description) implements TokenOutcome {
	}

}

package io.gatehouse.tokenservice.authorization;

import java.time.Instant;

/**
 * A validated authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636), stored between
 * {@code GET /oauth2/authorize} and the login form's POST.
 *
 * @param id the handle the login form carries (128 random bits, base64url)
 * @param clientId the client
 * @param redirectUri the redirect URI exactly as the request gave it (registered)
 * @param state the client's {@code state}, returned unchanged, or {@code null}
 * @param codeChallenge the S256 {@code code_challenge}
 * @param scope the granted scope, space-separated
 * @param nonce the OpenID Connect {@code nonce}, or {@code null}
 * @param loginHint the {@code login_hint} to prefill the username with, or {@code null}
 * @param browserHash SHA-256 (hex) of the browser-binding cookie the request was started with
 * @param createdAt when it was made
 * @param expiresAt when its form stops being accepted
 * @param completedAt when a sign-in completed it, or {@code null}
 */
public record AuthorizationRequest(String id, String clientId, String redirectUri, String state, String codeChallenge,
		String scope, String nonce, String loginHint, String browserHash, Instant createdAt, Instant expiresAt,
		Instant completedAt) {

	/** Whether its form is still accepted at {@code now}. */
	public boolean isOpenAt(Instant now) {
		return this.completedAt == null && now.isBefore(this.expiresAt);
	}

}

package io.gatehouse.tokenservice.authorization;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored authorization code (only its hash): what it was issued for, and what it was exchanged for.
 *
 * @param codeHash SHA-256 (hex) of the code
 * @param clientId the client it was issued to
 * @param redirectUri the redirect URI of its request, which the token request must repeat
 * @param codeChallenge the S256 challenge its {@code code_verifier} must match
 * @param userId who signed in
 * @param scope the granted scope
 * @param nonce the OpenID Connect {@code nonce}, or {@code null}
 * @param authTime when the user entered the password
 * @param passwordFingerprint SHA-256 (hex) of the password hash the password was checked against: a
 * password set since (by its owner or an administrator) voids the code
 * @param issuedAt when the code was issued
 * @param expiresAt when it stops being exchangeable
 * @param consumedAt when it was exchanged, or {@code null}
 * @param sessionId the session it was exchanged for, or {@code null}
 */
public record AuthorizationCode(String codeHash, String clientId, String redirectUri, String codeChallenge, UUID userId,
		String scope, String nonce, Instant authTime, String passwordFingerprint, Instant issuedAt, Instant expiresAt, Instant consumedAt,
		UUID sessionId) {
}

package io.gatehouse.tokenservice.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

/**
 * The successful token response of RFC 6749 §5.1, plus {@code refresh_token_expires_in} (the real
 * time left before the refresh token stops working: the earlier of the idle and absolute expiry)
 * and, after a login, the {@code session_id}; after an authorization code exchange with the
 * {@code openid} scope, the OpenID Connect {@code id_token} (Core 1.0 §3.1.3.3).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(@JsonProperty("access_token") String accessToken,
		@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") long expiresIn,
		@JsonProperty("refresh_token") String refreshToken,
		@JsonProperty("refresh_token_expires_in") long refreshTokenExpiresIn, @JsonProperty("scope") String scope,
		@JsonProperty("session_id") String sessionId, @JsonProperty("id_token") String idToken) {

	public TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
			long refreshTokenExpiresIn, String scope, String sessionId) {
		this(accessToken, tokenType, expiresIn, refreshToken, refreshTokenExpiresIn, scope, sessionId, null);
	}

	/** The response with {@code Cache-Control: no-store} and {@code Pragma: no-cache} (RFC 6749 §5.1). */
	public ResponseEntity<TokenResponse> noStore() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(this);
	}

}

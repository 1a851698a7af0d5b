package io.gatehouse.gateway.auth;

/**
 * Why a bearer token was refused: the {@code error_description} of RFC 6750 §3.1
 * {@code invalid_token}, chosen so a developer can act on it.
 */
public enum InvalidTokenReason {

	/** {@code exp} has passed (beyond the clock skew). */
	EXPIRED("expired"),

	/** {@code nbf} or {@code iat} is in the future (beyond the clock skew). */
	NOT_YET_VALID("not_yet_valid"),

	/** The signature does not verify with the key named by {@code kid}. */
	BAD_SIGNATURE("bad_signature"),

	/** No {@code kid}, or one the token service's JWKS does not have. */
	UNKNOWN_KEY("unknown_key"),

	/** {@code iss} is not the configured issuer. */
	WRONG_ISSUER("wrong_issuer"),

	/** {@code aud} does not contain the configured audience. */
	WRONG_AUDIENCE("wrong_audience"),

	/** The JOSE {@code typ} is not {@code at+jwt} (RFC 9068): an ID token or another JWT. */
	WRONG_TYPE("wrong_type"),

	/** Not a well-formed signed JWT with the required claims, or with unsupported critical headers. */
	MALFORMED("malformed"),

	/** {@code none}, HMAC, or an algorithm the key is not for. */
	ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),

	/** Longer than {@code gatehouse.gateway.max-token-size}. */
	TOKEN_TOO_LARGE("token_too_large"),

	/** The session the token belongs to has ended (hybrid and stateful routes). */
	REVOKED("revoked");

	private final String code;

	InvalidTokenReason(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}

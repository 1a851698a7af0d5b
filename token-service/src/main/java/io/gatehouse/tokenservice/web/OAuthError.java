package io.gatehouse.tokenservice.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error answer as a value: HTTP status, an error code from RFC 6749 §5.2 / RFC 6750 §3 (or one
 * of Gatehouse's own for non-OAuth endpoints), a description that says why without leaking
 * secrets, and any headers the standard requires with it.
 *
 * @param status the HTTP status
 * @param error the {@code error} code
 * @param description the {@code error_description}, or {@code null}
 * @param headers extra response headers, e.g. {@code WWW-Authenticate} or {@code Retry-After}
 */
public record OAuthError(HttpStatus status, String error, String description, Map<String, String> headers) {

	/** Seconds a client should wait before retrying while the database is unavailable. */
	public static final int RETRY_AFTER_SECONDS = 5;

	public static OAuthError invalidRequest(String description) {
		return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_request", description, Map.of());
	}

	public static OAuthError invalidClient(String description) {
		return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_client", description, Map.of());
	}

	/** {@code invalid_client} for a client that tried HTTP Basic, with the challenge RFC 6749 §5.2 asks for. */
	public static OAuthError invalidClientBasic(String description) {
		return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_client", description,
				Map.of(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gatehouse\""));
	}

	public static OAuthError invalidGrant(String description) {
		return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_grant", description, Map.of());
	}

	public static OAuthError unsupportedGrantType(String grantType) {
		return new OAuthError(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
				"grant_type " + grantType + " is not supported", Map.of());
	}

	/** RFC 6749 §5.2 {@code unauthorized_client}: the client may not use this grant type. */
	public static OAuthError unauthorizedClient(String description) {
		return new OAuthError(HttpStatus.BAD_REQUEST, "unauthorized_client", description, Map.of());
	}

	public static OAuthError invalidCredentials() {
		return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_credentials", "unknown username or wrong password",
				Map.of());
	}

	/**
	 * A password change whose current password is wrong: 400, not 401, since the caller's access
	 * token is fine and clients sign the user out on a 401.
	 */
	public static OAuthError invalidCurrentPassword() {
		return new OAuthError(HttpStatus.BAD_REQUEST, "invalid_current_password", "the current password is wrong",
				Map.of());
	}

	/** RFC 6750 §3: no credentials at all on a protected endpoint. */
	public static OAuthError bearerRequired() {
		return new OAuthError(HttpStatus.UNAUTHORIZED, "unauthorized", "a bearer access token is required",
				Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\""));
	}

	/** RFC 6750 §3.1 {@code invalid_token} with its reason. */
	public static OAuthError invalidToken(String reason) {
		return new OAuthError(HttpStatus.UNAUTHORIZED, "invalid_token", reason, Map.of(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"" + reason + "\""));
	}

	/**
	 * RFC 6750 §3.1 {@code insufficient_scope}: a valid access token without the privilege the
	 * endpoint needs (the admin role), 403 with the challenge.
	 */
	public static OAuthError insufficientScope(String description) {
		return new OAuthError(HttpStatus.FORBIDDEN, "insufficient_scope", description, Map.of(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer realm=\"gatehouse\", error=\"insufficient_scope\", error_description=\"" + description + "\""));
	}

	public static OAuthError accessDenied(String description) {
		return new OAuthError(HttpStatus.FORBIDDEN, "access_denied", description, Map.of());
	}

	public static OAuthError notFound(String description) {
		return new OAuthError(HttpStatus.NOT_FOUND, "not_found", description, Map.of());
	}

	public static OAuthError conflict(String error, String description) {
		return new OAuthError(HttpStatus.CONFLICT, error, description, Map.of());
	}

	/**
	 * 429 {@code too_many_requests} (RFC 6585 §4) with {@code Retry-After} in whole seconds, rounded up:
	 * the same body the gateway's attempt limits answer.
	 */
	public static OAuthError tooManyRequests(String description, Duration retryAfter) {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		return new OAuthError(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", description,
				Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
	}

	/** The store is down or slow: retry later, keep the session (never {@code invalid_grant}). */
	public static OAuthError temporarilyUnavailable() {
		return new OAuthError(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
				"the session store is unavailable; retry later, the session is kept",
				Map.of(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)));
	}

	public static OAuthError serverError() {
		return new OAuthError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "unexpected error", Map.of());
	}

	/** This error as an exception, for a reactive chain: {@code Mono.error(error.exception())}. */
	public OAuthErrorException exception() {
		return new OAuthErrorException(this);
	}

}

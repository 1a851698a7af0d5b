package io.gatehouse.gateway.identity;

import org.springframework.http.HttpHeaders;

import io.gatehouse.gateway.auth.ValidatedToken;

/**
 * The {@code X-Auth-*} headers upstream apps trust: client-sent ones are removed on every route,
 * and the gateway adds its own for an authenticated request (see {@link IdentityHeadersFilter}).
 * A name counts as an identity header when, read case-insensitively with {@code _} as {@code -},
 * it starts with {@code x-auth-}: CGI, WSGI and PHP upstreams turn both {@code X-Auth-Roles} and
 * {@code X_Auth_Roles} into the same {@code HTTP_X_AUTH_ROLES}.
 */
public final class IdentityHeaders {

	public static final String PREFIX = "x-auth-";

	public static final String SUBJECT = "X-Auth-Subject";

	public static final String SESSION = "X-Auth-Session";

	public static final String CLIENT = "X-Auth-Client";

	public static final String SCOPES = "X-Auth-Scopes";

	public static final String ROLES = "X-Auth-Roles";

	private IdentityHeaders() {
	}

	/**
	 * Whether {@code name} is an {@code X-Auth-*} header, in any case and with {@code _} for any
	 * {@code -}. Seven character comparisons, no allocation: it runs on every request.
	 */
	public static boolean isIdentityHeader(CharSequence name) {
		if (name.length() < PREFIX.length()) {
			return false;
		}
		for (int i = 0; i < PREFIX.length(); i++) {
			char expected = PREFIX.charAt(i);
			char actual = name.charAt(i);
			boolean same = (expected == '-') ? (actual == '-' || actual == '_')
					: (actual == expected || (actual ^ 0x20) == expected);
			if (!same) {
				return false;
			}
		}
		return true;
	}

	public static void add(HttpHeaders headers, ValidatedToken token) {
		headers.set(SUBJECT, token.subject());
		headers.set(SESSION, token.sessionId());
		if (token.clientId() != null) {
			headers.set(CLIENT, token.clientId());
		}
		headers.set(SCOPES, String.join(" ", token.scopes()));
		headers.set(ROLES, String.join(" ", token.roles()));
	}

}

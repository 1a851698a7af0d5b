package io.gatehouse.gateway.identity;

import org.springframework.http.HttpHeaders;

import io.gatehouse.gateway.auth.ValidatedToken;

/**
 * The {@code X-Auth-*} headers upstream apps trust: client-sent ones are removed on every route,
 * and the gateway adds its own for an authenticated request (see {@link IdentityHeadersFilter}).
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

	/** Whether {@code name} is an {@code X-Auth-*} header, in any case. */
	public static boolean isIdentityHeader(String name) {
		return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
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

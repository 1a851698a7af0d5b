package io.gatehouse.gateway.identity;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

import io.gatehouse.gateway.auth.ValidatedToken;

/**
 * The {@code X-Auth-*} headers upstream apps trust: client-sent ones are removed on every route,
 * and the gateway adds its own for an authenticated request.
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

	/** Removes every header whose name starts with {@code X-Auth-}, in any case. */
	public static void strip(HttpHeaders headers) {
		List<String> spoofed = headers.headerNames()
			.stream()
			.filter((name) -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX))
			.toList();
		spoofed.forEach(headers::remove);
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

package io.gatehouse.tokenservice.session;

import java.util.UUID;
import java.util.regex.Pattern;

import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Session ids as they arrive in paths and forms: a UUID in its canonical form (36 characters,
 * hexadecimal and hyphens), or 400 {@code invalid_request}. A well-formed id that names no session
 * of the caller's is the endpoint's 404, as for an id that does not exist.
 */
public final class SessionIds {

	private static final Pattern CANONICAL = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private SessionIds() {
	}

	/** The id, or 400 {@code invalid_request} when {@code id} is not a session id at all. */
	public static UUID parse(String id) {
		if (id == null || !CANONICAL.matcher(id).matches()) {
			throw OAuthError.invalidRequest("not a session id").exception();
		}
		return UUID.fromString(id);
	}

}

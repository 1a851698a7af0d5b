package io.gatehouse.gateway.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Finds the access token of a request: only in {@code Authorization: Bearer} (RFC 6750 §2.1).
 * A token in the query string is refused (§2.3 — URLs leak through logs and {@code Referer}), and
 * several different tokens in one request are ambiguous. Credentials of another scheme alone
 * ({@code Basic …}) are no bearer credentials: the request is answered like one without any (§3).
 */
final class BearerTokens {

	private BearerTokens() {
	}

	/** The outcome of looking for a token. */
	sealed interface Found {

		/** No credentials at all. */
		record None() implements Found {
		}

		/** One bearer token. */
		record Token(String value) implements Found {
		}

		/** A request that must be refused with 400 {@code invalid_request}. */
		record Invalid(String description) implements Found {
		}

	}

	static Found find(ServerHttpRequest request) {
		if (request.getURI().getRawQuery() != null && request.getQueryParams().containsKey("access_token")) {
			return new Found.Invalid("access tokens are not accepted in the query string; use Authorization: Bearer");
		}
		List<String> headers = request.getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (headers.isEmpty()) {
			return new Found.None();
		}
		if (headers.size() == 1) {
			Found single = single(headers.get(0));
			if (single != null) {
				return single;
			}
		}
		Set<String> tokens = new LinkedHashSet<>();
		boolean otherScheme = false;
		for (String header : headers) {
			for (String credentials : header.split(",")) {
				String trimmed = credentials.trim();
				if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
					tokens.add(trimmed.substring(7).trim());
				}
				else if (trimmed.equalsIgnoreCase("Bearer")) {
					tokens.add("");
				}
				else {
					otherScheme = true;
				}
			}
		}
		if (tokens.isEmpty()) {
			// Basic, Digest, …: no bearer credentials at all, so RFC 6750 §3's plain 401 challenge.
			return new Found.None();
		}
		if (otherScheme) {
			return new Found.Invalid("expected Authorization: Bearer <token> only");
		}
		if (tokens.size() > 1) {
			return new Found.Invalid("several different bearer tokens in one request");
		}
		String token = tokens.iterator().next();
		return token.isEmpty() ? new Found.Invalid("empty bearer token") : new Found.Token(token);
	}

	/**
	 * The usual request, one {@code Bearer <token>} header without a list or padding, read
	 * without splitting; {@code null} for anything else, which the general rules then judge.
	 */
	private static Found single(String header) {
		if (header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.indexOf(',') >= 0) {
			return null;
		}
		if (header.charAt(7) <= ' ' || header.charAt(header.length() - 1) <= ' ') {
			return null;
		}
		return new Found.Token(header.substring(7));
	}

}

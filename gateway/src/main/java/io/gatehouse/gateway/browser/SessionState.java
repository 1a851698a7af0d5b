package io.gatehouse.gateway.browser;

import io.gatehouse.gateway.auth.ValidatedToken;

/** Where a browser's cookie session stands for one request. */
sealed interface SessionState {

	/** No session cookie. */
	record None() implements SessionState {
	}

	/** A session that may proceed, with its (possibly just renewed) access token. */
	record Live(String accessToken, ValidatedToken token) implements SessionState {
	}

	/** @param reason the end reason, as the token service gives it */
	record Ended(String reason) implements SessionState {
	}

	/** The token service or the session check cannot answer now: 503, the cookie kept. */
	record Unavailable(String description) implements SessionState {
	}

}

package io.gatehouse.gateway.browser;

import java.util.Map;

/**
 * Why a session ended, in words an app can show: one sentence for each end reason the token
 * service gives ({@code expired_idle}, {@code revoked_admin}, …), and a neutral one for a reason this
 * gateway does not know yet.
 */
final class EndReasons {

	private static final Map<String, String> SENTENCES = Map.ofEntries(
			Map.entry("expired_idle", "the session was not used for longer than its idle timeout"),
			Map.entry("expired_absolute", "the session reached its maximum lifetime; signing in again is expected"),
			Map.entry("revoked_logout", "the session was signed out"),
			Map.entry("revoked_logout_all", "the session was signed out from another device (sign out everywhere)"),
			Map.entry("revoked_reuse_detected", "an old sign-in token was used again, so the session was ended to "
					+ "protect it; if that was not you, change your password"),
			Map.entry("revoked_password_change", "the session ended when the password was changed"),
			Map.entry("revoked_code_replay", "the sign-in code was used twice, so the session it opened was ended"),
			Map.entry("revoked_admin", "an administrator ended the session"),
			Map.entry("revoked_session_limit", "the account had too many sessions, and this one was ended"),
			Map.entry("cookie_too_large", "the session's tokens were too large for a browser cookie (too many roles or "
					+ "scopes), so it was ended; an administrator can see why in the gateway's log"),
			Map.entry("invalid_cookie", "the session cookie was not one this gateway wrote"),
			Map.entry("unknown", "the session is not known to the token service"));

	private EndReasons() {
	}

	/** The reasons a session can end for (every known one but those of a cookie the gateway did not write). */
	static java.util.Set<String> sessionEnds() {
		java.util.Set<String> reasons = new java.util.TreeSet<>(SENTENCES.keySet());
		reasons.remove("invalid_cookie");
		return reasons;
	}

	static String describe(String reason) {
		return SENTENCES.getOrDefault(reason, "the session has ended (" + reason + ")");
	}

}

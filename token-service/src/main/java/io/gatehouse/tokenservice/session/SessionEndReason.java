package io.gatehouse.tokenservice.session;

/**
 * Why a session ended. The code is stored with the session, recorded in the audit trail, and sent
 * as the {@code error_description} of {@code invalid_grant} when a token of the ended session is
 * presented: the client and the timeline always name the same cause.
 */
public enum SessionEndReason {

	/** Not refreshed within the client's idle timeout. */
	EXPIRED_IDLE("expired_idle"),

	/** Reached the client's absolute lifetime. */
	EXPIRED_ABSOLUTE("expired_absolute"),

	/** The user logged out of this session (or revoked its refresh token, RFC 7009). */
	REVOKED_LOGOUT("revoked_logout"),

	/** The user logged out everywhere. */
	REVOKED_LOGOUT_ALL("revoked_logout_all"),

	/** A consumed refresh token was presented outside the grace rules: the chain may be stolen. */
	REVOKED_REUSE_DETECTED("revoked_reuse_detected"),

	/** The user changed the password: every session of the user ends, the one it was changed from too. */
	REVOKED_PASSWORD_CHANGE("revoked_password_change"),

	/**
	 * The authorization code the session was issued from was presented again (OAuth 2.1 §4.1.3):
	 * the code leaked, so the session it bought is revoked.
	 */
	REVOKED_CODE_REPLAY("revoked_code_replay"),

	/** An administrator ended it. */
	REVOKED_ADMIN("revoked_admin"),

	/**
	 * A new login of the user went past {@code gatehouse.sessions.max-live-per-user}, and this was the
	 * live session used least recently (the oldest last refresh or login).
	 */
	REVOKED_SESSION_LIMIT("revoked_session_limit");

	private final String code;

	SessionEndReason(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

	public static SessionEndReason ofCode(String code) {
		for (SessionEndReason reason : values()) {
			if (reason.code.equals(code)) {
				return reason;
			}
		}
		throw new IllegalArgumentException("Unknown session end reason " + code);
	}

}

package io.gatehouse.tokenservice.audit;

import io.gatehouse.tokenservice.session.SessionEndReason;

/**
 * What a timeline entry records. Besides life events ({@code created}, {@code refreshed},
 * {@code reuse_grace_used}, {@code reuse_detected}, {@code password_change_failed} for a wrong
 * current password, {@code password_changed}, {@code password_change_pending} while one is being
 * checked, {@code password_change_aborted}), every session end is recorded under the same
 * code as its {@link SessionEndReason}, which is also what a client receives in
 * {@code invalid_grant}.
 */
public final class SessionEventReason {

	public static final String CREATED = "created";

	public static final String REFRESHED = "refreshed";

	public static final String REUSE_GRACE_USED = "reuse_grace_used";

	public static final String REUSE_DETECTED = "reuse_detected";

	/** A wrong current password on {@code POST /auth/password}; these events are what the attempt limit counts. */
	public static final String PASSWORD_CHANGE_FAILED = "password_change_failed";

	/**
	 * A current password being checked on {@code POST /auth/password}; it becomes
	 * {@code password_change_failed}, {@code password_changed} or {@code password_change_aborted}.
	 * While the check may still be running it counts towards the attempt limit.
	 */
	public static final String PASSWORD_CHANGE_PENDING = "password_change_pending";

	/** A password change from this session did not complete (store down or too slow): nothing changed, no guess counted. */
	public static final String PASSWORD_CHANGE_ABORTED = "password_change_aborted";

	/** The password was changed from this session (which then ends with every other). */
	public static final String PASSWORD_CHANGED = "password_changed";

	private SessionEventReason() {
	}

	public static String ended(SessionEndReason reason) {
		return reason.code();
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on guessing the current password at {@code POST /auth/password}, under
 * {@code gatehouse.password-change.*}. Wrong current passwords are counted per session and per user
 * in the database (the {@code password_change_failed} events of the timeline), so the limits hold
 * across token-service replicas and restarts. Past either limit the endpoint answers 429
 * {@code too_many_requests} with {@code Retry-After} before checking the password.
 *
 * @param sessionFailures wrong current passwords one session may send within
 * {@code sessionWindow}; default 5, as many as an owner mistyping needs.
 * @param sessionWindow how long a failure counts against its session; default 15 minutes.
 * @param userFailures wrong current passwords all sessions of one user may send within
 * {@code userWindow}; default 10, so a thief holding several sessions (one login each) still gets
 * few guesses.
 * @param userWindow how long a failure counts against its user; default 1 hour.
 */
@Validated
@ConfigurationProperties("gatehouse.password-change")
public record PasswordChangeProperties(
		@Min(1) @DefaultValue("5") int sessionFailures,
		@NotNull @DefaultValue("15m") Duration sessionWindow,
		@Min(1) @DefaultValue("10") int userFailures,
		@NotNull @DefaultValue("1h") Duration userWindow) {

	public PasswordChangeProperties {
		if (sessionWindow != null && (sessionWindow.isZero() || sessionWindow.isNegative())) {
			throw new IllegalArgumentException("gatehouse.password-change.session-window must be greater than 0");
		}
		if (userWindow != null && (userWindow.isZero() || userWindow.isNegative())) {
			throw new IllegalArgumentException("gatehouse.password-change.user-window must be greater than 0");
		}
	}

	AttemptLimit perSession() {
		return new AttemptLimit(this.sessionFailures, this.sessionWindow);
	}

	AttemptLimit perUser() {
		return new AttemptLimit(this.userFailures, this.userWindow);
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Session housekeeping under {@code gatehouse.sessions.*}. Timeouts themselves are per client
 * ({@code gatehouse.clients.<id>.*}).
 *
 * @param purgeInterval how often timed-out sessions are ended (with an audit event) and old rows
 * deleted; default 10 minutes.
 * @param endedRetention how long an ended session's row is kept, so a late refresh still gets the
 * precise reason rather than {@code unknown}; default 7 days.
 * @param auditRetention how long audit events are kept; default 90 days.
 * @param storeTimeout the longest a request waits for the database before answering 503
 * {@code temporarily_unavailable}; default 5 seconds.
 * @param rotationStatementsInFlight on PostgreSQL, how many refresh-rotation statements run at once;
 * refreshes arriving while all are busy wait and go together in the next one (group commit). Default
 * 2: one statement executing while the next is committing keeps both database cores busy without
 * splitting the waiting refreshes into many small statements.
 * @param rotationBatchSize the most refreshes one rotation statement carries; default 64.
 * @param maxLivePerUser the most live sessions one user may hold; a login beyond it ends the user's
 * least recently used live session ({@code revoked_session_limit}). Default 100: far more devices
 * than a person uses, and it bounds what a thief with the password can pile up (each one a row the
 * owner's password change must end, and a feed entry).
 * @param activeCountInterval how often the live sessions per client are counted for
 * {@code gatehouse_sessions_active}; default 30 seconds (one grouped query; a scrape never waits on it).
 */
@Validated
@ConfigurationProperties("gatehouse.sessions")
public record SessionProperties(
		@NotNull @DefaultValue("10m") Duration purgeInterval,
		@NotNull @DefaultValue("7d") Duration endedRetention,
		@NotNull @DefaultValue("90d") Duration auditRetention,
		@NotNull @DefaultValue("5s") Duration storeTimeout,
		@Min(1) @DefaultValue("2") int rotationStatementsInFlight,
		@Min(1) @Max(1000) @DefaultValue("64") int rotationBatchSize,
		@Min(1) @DefaultValue("100") int maxLivePerUser,
		@NotNull @DefaultValue("30s") Duration activeCountInterval) {

	public SessionProperties {
		if (activeCountInterval != null && (activeCountInterval.isZero() || activeCountInterval.isNegative())) {
			throw new IllegalArgumentException("gatehouse.sessions.active-count-interval must be greater than 0");
		}
	}

}

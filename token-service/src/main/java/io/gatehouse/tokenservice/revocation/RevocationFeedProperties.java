package io.gatehouse.tokenservice.revocation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The revocation feed under {@code gatehouse.revocation-feed.*}.
 *
 * @param pollInterval how often this replica's one shared poller reads new revocations from the
 * database for every feed connected to it; default 200 ms, which bounds the delay a revocation
 * made on any replica takes to reach every gateway.
 * @param heartbeatInterval how often an idle feed sends a comment, so gateways notice a dead
 * connection; default 10 seconds.
 * @param gapTimeout how long an id that was jumped over (its insert not committed yet) is waited
 * for, measured from when the reader first noticed it missing, before it is taken as a rolled-back
 * insert or a purged row; default 10 seconds (longer than any session-ending transaction).
 * @param retentionAfterExpiry how long after {@code valid_until} a revocation is still sent to
 * gateways and kept in the table: gateways accept a token until {@code exp} plus their clock skew
 * ({@code gatehouse.gateway.clock-skew}, default 30 s), so this must be at least that skew;
 * default 60 seconds.
 * @param maxAwaitedGaps how many gaps of missing ids one reader waits for at once; beyond it the
 * lowest (oldest) gap is given up early. Default 256; in-flight inserts make a handful.
 * @param subscriberBuffer how many pages of live revocations wait for one slow feed connection;
 * a connection that falls further behind is closed, and its gateway resumes from its cursor.
 * Default 256 (about 50 s of polls that each found something).
 */
@Validated
@ConfigurationProperties("gatehouse.revocation-feed")
public record RevocationFeedProperties(
		@NotNull @DefaultValue("200ms") Duration pollInterval,
		@NotNull @DefaultValue("10s") Duration heartbeatInterval,
		@NotNull @DefaultValue("10s") Duration gapTimeout,
		@NotNull @DefaultValue("60s") Duration retentionAfterExpiry,
		@Positive @Max(1000) @DefaultValue("256") int maxAwaitedGaps,
		@Positive @DefaultValue("256") int subscriberBuffer) {

	/** Whether a revocation is still worth sending at {@code now}: until {@code valid_until} plus the retention. */
	boolean isRelevant(SessionRevocation revocation, java.time.Instant now) {
		return now.isBefore(revocation.validUntil().plus(this.retentionAfterExpiry));
	}

}

package io.gatehouse.tokenservice.revocation;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The revocation feed under {@code gatehouse.revocation-feed.*}.
 *
 * @param pollInterval how often each open feed reads new revocations from the database; default
 * 200 ms, which bounds the delay a revocation made on any replica takes to reach every gateway.
 * @param heartbeatInterval how often an idle feed sends a comment, so gateways notice a dead
 * connection; default 10 seconds.
 * @param gapTimeout how long a missing cursor value is waited for before it is taken as a
 * rolled-back insert; default 10 seconds (longer than any session-ending transaction).
 */
@Validated
@ConfigurationProperties("gatehouse.revocation-feed")
public record RevocationFeedProperties(
		@NotNull @DefaultValue("200ms") Duration pollInterval,
		@NotNull @DefaultValue("10s") Duration heartbeatInterval,
		@NotNull @DefaultValue("10s") Duration gapTimeout) {
}

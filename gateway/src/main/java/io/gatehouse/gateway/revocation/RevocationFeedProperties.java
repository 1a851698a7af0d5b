package io.gatehouse.gateway.revocation;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The revocation feed client under {@code gatehouse.gateway.revocation-feed.*}.
 *
 * @param enabled whether the gateway follows the feed; default {@code true}. Hybrid routes need
 * it; a gateway whose routes are all stateless or stateful may turn it off.
 * @param uri the token service's feed; default {@code <token-service-uri>/oauth2/revocations}.
 * @param reconnectMinBackoff first wait before reconnecting after a drop; default 250 ms, doubled
 * (with jitter) at each failed attempt.
 * @param reconnectMaxBackoff the longest wait between attempts; default 5 seconds, so a feed back
 * after an outage is followed again within seconds.
 * @param silenceTimeout a connection that sent nothing (not even the token service's 10-second
 * heartbeat) for this long is taken as dead and reopened; default 30 seconds.
 * @param downThreshold how long the feed may be down before hybrid routes fall back: a
 * {@code feed-down: open} route (the default) keeps serving with stateless semantics, logged and
 * counted; a {@code feed-down: closed} route answers 503. Default 10 seconds: shorter drops are
 * ordinary reconnects, during which revocations are only delayed, not lost.
 * @param startupWait how long startup waits for the feed to catch up before the gateway opens
 * its port, so its first request already knows every revocation; default 10 seconds. If the
 * token service is not reachable by then, the gateway starts anyway and stays not-ready until the
 * feed catches up.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway.revocation-feed")
public record RevocationFeedProperties(
		@DefaultValue("true") boolean enabled,
		URI uri,
		@NotNull @DefaultValue("250ms") Duration reconnectMinBackoff,
		@NotNull @DefaultValue("5s") Duration reconnectMaxBackoff,
		@NotNull @DefaultValue("30s") Duration silenceTimeout,
		@NotNull @DefaultValue("10s") Duration downThreshold,
		@NotNull @DefaultValue("10s") Duration startupWait) {
}

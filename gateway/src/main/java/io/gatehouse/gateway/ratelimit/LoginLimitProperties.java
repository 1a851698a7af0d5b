package io.gatehouse.gateway.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Brute-force limits of the built-in token-service routes and the body bound of every route that
 * reads a username, under {@code gatehouse.gateway.login-limits.*}. A client's network is its IPv4
 * address or its IPv6 /64 (see {@code ClientNetwork}), after trusted proxies
 * ({@code spring.cloud.gateway.server.webflux.trusted-proxies}) have been looked through.
 *
 * @param maxBodySize the most a login or signup body may be; default 16 KiB (a login is ~200 bytes).
 * A larger {@code Content-Length} is answered 413 before reading, a longer chunked body is cut off
 * at this size and answered 413.
 * @param perNetwork login and signup attempts per client network in {@code perNetworkWindow};
 * default 20 per minute.
 * @param perNetworkWindow default 1 minute.
 * @param perUsernameAndNetwork attempts on one username from one network in
 * {@code perUsernameAndNetworkWindow}; default 5 per 15 minutes. A stranger elsewhere exhausting
 * it does not lock the owner out from their own network.
 * @param perUsernameAndNetworkWindow default 15 minutes.
 * @param perUsername attempts on one username from all networks together in
 * {@code perUsernameWindow}; default 100 per hour: the ceiling on a distributed guessing attack
 * (at most 2,400 guesses a day per account), which a stranger reaches only from 5 networks or more,
 * and which then limits the owner too until the window ends.
 * @param perUsernameWindow default 1 hour.
 * @param tokenPerNetwork token and revocation requests per client network in a minute; default 120.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway.login-limits")
public record LoginLimitProperties(
		@NotNull @DefaultValue("16KB") DataSize maxBodySize,
		@Positive @DefaultValue("20") int perNetwork,
		@NotNull @DefaultValue("1m") Duration perNetworkWindow,
		@Positive @DefaultValue("5") int perUsernameAndNetwork,
		@NotNull @DefaultValue("15m") Duration perUsernameAndNetworkWindow,
		@Positive @DefaultValue("100") int perUsername,
		@NotNull @DefaultValue("1h") Duration perUsernameWindow,
		@Positive @DefaultValue("120") int tokenPerNetwork) {

	public LoginLimitProperties {
		for (Duration window : new Duration[] { perNetworkWindow, perUsernameAndNetworkWindow, perUsernameWindow }) {
			if (window != null && (window.isZero() || window.isNegative())) {
				throw new IllegalArgumentException("gatehouse.gateway.login-limits windows must be greater than zero");
			}
		}
		if (maxBodySize != null && (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > 1024 * 1024)) {
			throw new IllegalArgumentException("gatehouse.gateway.login-limits.max-body-size must be 1 B to 1 MB");
		}
	}

}

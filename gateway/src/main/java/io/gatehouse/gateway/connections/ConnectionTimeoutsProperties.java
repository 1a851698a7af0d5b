package io.gatehouse.gateway.connections;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a client may take to send a request, under {@code gatehouse.gateway.connections.*}: the
 * defence against slow clients that hold connections open by sending a byte at a time (slowloris).
 * Netty's own idle timeout ({@code server.netty.idle-timeout}) restarts with every byte, so it cannot
 * end such a connection; these deadlines do not restart.
 *
 * @param requestHeaderTimeout the request line and headers must have arrived this long after their
 * first byte; otherwise 408 and the connection is closed. Default 10 seconds: a real client sends
 * its headers in one packet, a phone on a bad network in well under a second.
 * @param smallBodyTimeout the bodies the gateway reads whole (the token service's routes, at most
 * 16 KiB) must have arrived this long after the headers; otherwise 408 and the connection is
 * closed, and the token service is never called. Default 10 seconds. App routes stream their bodies
 * and are bounded only by {@code bodyReadIdleTimeout}.
 * @param bodyReadIdleTimeout the longest pause between two reads of any request body; default 60
 * seconds, so a streaming upload that stalls is ended without cutting one that merely goes slowly.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway.connections")
public record ConnectionTimeoutsProperties(@NotNull @DefaultValue("10s") Duration requestHeaderTimeout,
		@NotNull @DefaultValue("10s") Duration smallBodyTimeout,
		@NotNull @DefaultValue("60s") Duration bodyReadIdleTimeout) {

	public ConnectionTimeoutsProperties {
		requirePositive("request-header-timeout", requestHeaderTimeout);
		requirePositive("small-body-timeout", smallBodyTimeout);
		requirePositive("body-read-idle-timeout", bodyReadIdleTimeout);
	}

	private static void requirePositive(String name, Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			throw new IllegalArgumentException("gatehouse.gateway.connections." + name + " must be greater than 0");
		}
	}

}

package io.gatehouse.gateway.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * How far the token service's clock is from this gateway's, read from the {@code Date} header of
 * its answers (keys, metadata, the revocation feed) by the {@link #recorder()} filter on those
 * clients. {@code Date} has whole seconds, so the offset is known to about a second plus the
 * answer's travel time.
 *
 * <p>Invariant: {@link #offset()} is the offset measured at the most recent answer that carried a
 * readable {@code Date}, or empty before the first.
 */
public final class TokenServiceClock {

	private final Clock clock;

	private volatile Duration offset;

	public TokenServiceClock(Clock clock) {
		this.clock = clock;
	}

	/** The token service's clock minus this gateway's, as last measured. */
	public Optional<Duration> offset() {
		return Optional.ofNullable(this.offset);
	}

	/** A filter for the web clients that call the token service: each answer's {@code Date} is measured. */
	public ExchangeFilterFunction recorder() {
		return ExchangeFilterFunction.ofResponseProcessor((response) -> {
			record(response.headers().asHttpHeaders().getFirst(HttpHeaders.DATE));
			return Mono.just(response);
		});
	}

	void record(String date) {
		if (date == null) {
			return;
		}
		try {
			Instant theirs = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			this.offset = Duration.between(this.clock.instant(), theirs);
		}
		catch (DateTimeParseException ex) {
			// Not a date the gateway can compare: keep the last measurement.
		}
	}

}

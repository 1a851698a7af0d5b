package io.gatehouse.gateway.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.doctor.Finding;

/**
 * The token service's clock, from the {@code Date} of its answers: an offset beyond half the clock
 * skew (30 s) is a warning, at half exactly it is not; an unreachable token service is said so.
 */
class ReplicaChecksTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	@Test
	void clockWhenTokenServiceMoreThanHalfTheSkewAheadThenWarningAndAtHalfNone() {
		assertThat(findings(dateAt(NOW.plusSeconds(16)))).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("replicas.clock-offset");
			assertThat(finding.forUsers()).startsWith("The token service's clock is 16 seconds ahead of this gateway's");
		});
		assertThat(findings(dateAt(NOW.plusSeconds(15)))).isEmpty();
	}

	@Test
	void clockWhenTokenServiceBehindThenWarningSayingBehind() {
		assertThat(findings(dateAt(NOW.minusSeconds(90)))).singleElement()
			.satisfies((finding) -> assertThat(finding.forUsers()).contains("1 minute 30 seconds behind"));
	}

	@Test
	void clockWhenNothingMeasuredOrDateUnreadableThenNoFinding() {
		assertThat(findings(null)).isEmpty();
		assertThat(findings("yesterday at noon")).isEmpty();
	}

	@Test
	void tokenServiceWhenUnreachableThenWarning() {
		ReplicaChecks checks = new ReplicaChecks(Mono.error(new IllegalStateException("Connection refused")), SKEW);

		assertThat(checks.findings().collectList().block()).singleElement()
			.satisfies((finding) -> assertThat(finding.id()).isEqualTo("replicas.token-service-unreachable"));
	}

	private static List<Finding> findings(String date) {
		TokenServiceClock clock = new TokenServiceClock(Clock.fixed(NOW, ZoneOffset.UTC));
		clock.record(date);
		Mono<Optional<Duration>> offset = Mono.fromSupplier(clock::offset);
		return new ReplicaChecks(offset, SKEW).findings().collectList().block();
	}

	private static String dateAt(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

}

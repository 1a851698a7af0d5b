package io.gatehouse.gateway.doctor;

import java.time.Duration;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.doctor.InWords;

/**
 * The gateway against the token service it follows: their clocks differ by more than half the
 * clock skew ({@code gatehouse.gateway.clock-skew}), measured from the {@code Date} of the token
 * service's answers ({@link TokenServiceClock}). The finding shows here, at the gateway, which is
 * where tokens are judged by the clock: beyond the skew, fresh tokens are refused as not yet valid
 * or accepted past their expiry.
 */
final class ReplicaChecks implements DoctorCheck {

	private final Mono<Optional<Duration>> offset;

	private final Duration clockSkew;

	ReplicaChecks(Mono<Optional<Duration>> offset, Duration clockSkew) {
		this.offset = offset;
		this.clockSkew = clockSkew;
	}

	@Override
	public Flux<Finding> findings() {
		return this.offset.flatMapMany((measured) -> measured
			.filter((offset) -> offset.abs().compareTo(this.clockSkew.dividedBy(2)) > 0)
			.map((offset) -> Flux.just(finding(offset)))
			.orElseGet(Flux::empty))
			.onErrorResume((failure) -> Flux.just(Finding.warning("replicas.token-service-unreachable", "The token service "
					+ "does not answer (" + failure.getMessage() + "): users get 503 wherever the gateway needs it "
					+ "(sign-in, refresh, stateful routes), and its clock could not be compared.",
					"gatehouse.gateway.token-service-uri")));
	}

	private Finding finding(Duration offset) {
		String direction = offset.isNegative() ? "behind" : "ahead of";
		return Finding.warning("replicas.clock-offset", "The token service's clock is " + InWords.duration(offset.abs())
				+ " " + direction + " this gateway's, more than half the clock skew (" + InWords.duration(this.clockSkew)
				+ "): users' fresh tokens are refused as not yet valid, or expired ones accepted, once the clocks drift "
				+ "a little further.", "NTP on both machines; gatehouse.gateway.clock-skew");
	}

}

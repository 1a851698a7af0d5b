package io.gatehouse.doctor;

import java.util.Comparator;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every {@link DoctorCheck} and gathers their findings into one {@link DoctorReport}, errors
 * first. A check that fails itself is reported as a warning, {@code doctor.check-failed}, never as
 * a stack trace.
 */
public final class Doctor {

	private final List<DoctorCheck> checks;

	/** A doctor running these checks, in this order. */
	public Doctor(List<DoctorCheck> checks) {
		this.checks = List.copyOf(checks);
	}

	/** Examines the configuration (and what the running service sees, where a check needs it). */
	public Mono<DoctorReport> examine() {
		return Flux.fromIterable(this.checks)
			.concatMap((check) -> check.findings().onErrorResume((failure) -> Flux.just(Finding.warning("doctor.check-failed",
					"The check " + check.getClass().getSimpleName() + " could not run (" + failure
							+ "), so what it looks for is unknown.", "-"))))
			.sort(Comparator.comparing(Finding::severity))
			.collectList()
			.map(DoctorReport::new);
	}

}

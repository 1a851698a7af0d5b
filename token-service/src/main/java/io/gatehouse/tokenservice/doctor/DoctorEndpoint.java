package io.gatehouse.tokenservice.doctor;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/gatehouse-doctor} on the management port: the configuration doctor's
 * findings now, as JSON ({@link DoctorReport}), including what only the running service knows (the
 * gateways following its revocation feed).
 */
@Endpoint(id = "gatehouse-doctor")
public final class DoctorEndpoint {

	private final Doctor doctor;

	DoctorEndpoint(Doctor doctor) {
		this.doctor = doctor;
	}

	@ReadOperation
	public Mono<DoctorReport> report() {
		return this.doctor.examine();
	}

}

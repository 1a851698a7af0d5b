package io.gatehouse.doctor;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/gatehouse-doctor} on the management port: the configuration doctor's
 * findings now, as JSON ({@link DoctorReport}), including what only the running service knows (in
 * the token service, the gateways following its revocation feed; in the gateway, the routes it has
 * now and the token service's clock as measured).
 */
@Endpoint(id = "gatehouse-doctor")
public final class DoctorEndpoint {

	private final Doctor doctor;

	/** The endpoint over this doctor. */
	public DoctorEndpoint(Doctor doctor) {
		this.doctor = doctor;
	}

	/** The findings now. */
	@ReadOperation
	public Mono<DoctorReport> report() {
		return this.doctor.examine();
	}

}

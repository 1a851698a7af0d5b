package io.gatehouse.tokenservice.doctor;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.doctor.DoctorAtStartup;
import io.gatehouse.doctor.DoctorEndpoint;
import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.config.StartupRefusal;

/**
 * The doctor in the running service: once at startup, before the signing keys are loaded and the
 * server opens its port ({@link DoctorAtStartup}), and on demand at
 * {@code /actuator/gatehouse-doctor} on the management port ({@link DoctorEndpoint}).
 */
@Configuration(proxyBeanMethods = false)
class DoctorStartupConfiguration {

	@Bean
	SmartLifecycle doctorAtStartup(Doctor doctor, RuntimeMode mode) {
		// Before the signing keys (DEFAULT_PHASE - 2048) and the web server.
		return new DoctorAtStartup(doctor, mode.isProduction(), "token-service.jar", SmartLifecycle.DEFAULT_PHASE - 4096,
				StartupRefusal::new);
	}

	@Bean
	DoctorEndpoint gatehouseDoctorEndpoint(Doctor doctor) {
		return new DoctorEndpoint(doctor);
	}

}

package io.gatehouse.tokenservice.doctor;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.tokenservice.config.RuntimeMode;

/**
 * The doctor in the running service: once at startup, before the signing keys are loaded and the
 * server opens its port ({@link DoctorAtStartup}), and on demand at
 * {@code /actuator/gatehouse-doctor} on the management port ({@link DoctorEndpoint}).
 */
@Configuration(proxyBeanMethods = false)
class DoctorStartupConfiguration {

	@Bean
	SmartLifecycle doctorAtStartup(Doctor doctor, RuntimeMode mode) {
		return new DoctorAtStartup(doctor, mode.isProduction());
	}

	@Bean
	DoctorEndpoint gatehouseDoctorEndpoint(Doctor doctor) {
		return new DoctorEndpoint(doctor);
	}

}

package io.gatehouse.gateway.doctor;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.doctor.DoctorAtStartup;
import io.gatehouse.doctor.DoctorEndpoint;
import io.gatehouse.gateway.auth.AccessTokenValidator;
import io.gatehouse.gateway.browser.BrowserProperties;
import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.config.StartupRefusal;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;

/**
 * The doctor in the running gateway, over its routes (the primary route locator, looked up at each
 * examination) and the token service's clock as last measured: once at startup
 * ({@link DoctorAtStartup}) and at {@code /actuator/gatehouse-doctor} on the management port.
 */
@Configuration(proxyBeanMethods = false)
class DoctorConfiguration {

	@Bean
	Doctor gatehouseDoctor(GatewayProperties gateway, BrowserProperties browser, GatehouseModeProperties mode,
			RevocationFeedProperties feed, ObjectProvider<RouteLocator> routes, TokenServiceClock clock,
			AccessTokenValidator validator) {
		Flux<RouteChecks.RouteMetadata> current = Flux.defer(() -> routes.getObject().getRoutes())
			.map((route) -> new RouteChecks.RouteMetadata(route.getId(), route.getMetadata()));
		return GatewayDoctor.of(gateway, browser, mode, feed, current, Mono.fromSupplier(clock::offset),
				validator.lifetimes()::longest);
	}

	@Bean
	SmartLifecycle doctorAtStartup(Doctor doctor, GatehouseModeProperties mode) {
		// Before the revocation feed (DEFAULT_PHASE - 8192), the keys and the web server.
		return new DoctorAtStartup(doctor, mode.isProduction(), "gateway.jar", SmartLifecycle.DEFAULT_PHASE - 16384,
				StartupRefusal::new);
	}

	@Bean
	DoctorEndpoint gatehouseDoctorEndpoint(Doctor doctor) {
		return new DoctorEndpoint(doctor);
	}

}

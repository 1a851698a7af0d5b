package io.gatehouse.gateway.doctor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.gateway.browser.BrowserProperties;
import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;

/**
 * The gateway's {@link Doctor}: browser mode and its cookies, the routes, the token service's clock;
 * the same checks in the running gateway (its routes and what it has measured) and in the
 * {@code doctor} command (the configured route definitions and one request to the token service).
 */
final class GatewayDoctor {

	private GatewayDoctor() {
	}

	static Doctor of(GatewayProperties gateway, BrowserProperties browser, GatehouseModeProperties mode,
			RevocationFeedProperties feed, Flux<RouteChecks.RouteMetadata> routes, Mono<Optional<Duration>> clockOffset,
			Supplier<Map<String, Duration>> tokenLifetimes) {
		boolean production = mode.isProduction();
		return new Doctor(List.of(new BrowserChecks(browser, production),
				new RouteChecks(routes, gateway.defaultMode(), feed.enabled(), production, tokenLifetimes),
				new ReplicaChecks(clockOffset, gateway.clockSkew())));
	}

}

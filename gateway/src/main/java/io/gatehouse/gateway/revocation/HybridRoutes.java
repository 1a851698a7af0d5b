package io.gatehouse.gateway.revocation;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.RouteLocator;

import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * Whether the gateway needs the revocation feed at all: only a route that requires a token and
 * checks sessions in {@link SessionMode#HYBRID} mode (its own {@code mode}, else
 * {@code gatehouse.gateway.default-mode}) does. A gateway whose routes are all stateless or
 * stateful neither waits for the feed at startup nor reports not-ready while it is unreachable.
 * Read from the current routes each time, so a route refresh that adds a hybrid route is seen.
 */
public final class HybridRoutes {

	private final RouteLocator routes;

	private final SessionMode defaultMode;

	public HybridRoutes(RouteLocator routes, SessionMode defaultMode) {
		this.routes = routes;
		this.defaultMode = defaultMode;
	}

	/** Emits whether some route is hybrid. */
	public Mono<Boolean> exist() {
		return this.routes.getRoutes()
			.map(RoutePolicy::of)
			.any((policy) -> !policy.isPublic() && policy.modeOr(this.defaultMode) == SessionMode.HYBRID);
	}

	/** The same, waiting on the calling thread (startup only); {@code true} if the routes cannot be read in time. */
	public boolean existAtStartup(Duration limit) {
		try {
			return Boolean.TRUE.equals(exist().block(limit));
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

}

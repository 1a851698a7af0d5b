package io.gatehouse.gateway.doctor;

import java.util.Map;

import reactor.core.publisher.Flux;

import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The routes' session checks as users will meet them: in production a protected route without an
 * explicit {@code mode} (the default decides how fast a sign-out reaches it); a hybrid route with
 * {@code roles: admin} that keeps serving while the revocation feed is down ({@code feed-down: open},
 * the default). The gateway's own token-service routes ({@code token-service-*}) are left out.
 */
final class RouteChecks implements DoctorCheck {

	private final Flux<RouteMetadata> routes;

	private final SessionMode defaultMode;

	private final boolean feedEnabled;

	private final boolean production;

	RouteChecks(Flux<RouteMetadata> routes, SessionMode defaultMode, boolean feedEnabled, boolean production) {
		this.routes = routes;
		this.defaultMode = defaultMode;
		this.feedEnabled = feedEnabled;
		this.production = production;
	}

	/**
	 * A route's id and metadata, from the running gateway's routes or the configured route definitions.
	 *
	 * @param id the route id
	 * @param metadata its metadata ({@code auth}, {@code mode}, {@code roles}, {@code feed-down}, …)
	 */
	record RouteMetadata(String id, Map<String, Object> metadata) {
	}

	@Override
	public Flux<Finding> findings() {
		return this.routes.filter((route) -> route.id() == null || !route.id().startsWith("token-service-"))
			.concatMap(this::check);
	}

	private Flux<Finding> check(RouteMetadata route) {
		RoutePolicy policy = RoutePolicy.of(route.metadata());
		if (policy.isPublic()) {
			return Flux.empty();
		}
		String setting = "spring.cloud.gateway.server.webflux.routes[id=" + route.id() + "].metadata.";
		Flux<Finding> findings = Flux.empty();
		if (this.production && policy.mode() == null) {
			findings = Flux.just(Finding.warning("route.mode-default-in-production", "Route `" + route.id() + "` checks "
					+ "users' sessions in the default mode (" + name(this.defaultMode) + "): whoever changes "
					+ "gatehouse.gateway.default-mode also changes how soon a sign-out reaches it.", setting
							+ "mode (stateless, hybrid or stateful)"));
		}
		boolean hybrid = policy.modeOr(this.defaultMode) == SessionMode.HYBRID && this.feedEnabled;
		if (hybrid && policy.requiredRoles().contains("admin") && !policy.failClosedWhenFeedDown()) {
			findings = findings.concatWithValues(Finding.warning("route.admin-feed-down-open", "While the revocation feed "
					+ "is down, an administrator signed out (or no longer admin) keeps access to route `" + route.id()
					+ "` until the access token expires: it has roles: admin and feed-down: open.", setting
							+ "feed-down: closed (503 while the feed is down)"));
		}
		return findings;
	}

	private static String name(SessionMode mode) {
		return mode.name().toLowerCase(java.util.Locale.ROOT);
	}

}

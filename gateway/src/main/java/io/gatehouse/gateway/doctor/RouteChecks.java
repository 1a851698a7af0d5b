package io.gatehouse.gateway.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import reactor.core.publisher.Flux;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.doctor.InWords;
import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The routes' session checks as users will meet them: in production a protected route without an
 * explicit {@code mode} (the default decides how fast a sign-out reaches it); a hybrid route with
 * {@code roles: admin} that keeps serving while the revocation feed is down ({@code feed-down: open},
 * the default); a stateless route while the access tokens this gateway verified live longer than 15
 * minutes (known only once tokens were seen, so not in the {@code doctor} command). The gateway's own
 * token-service routes ({@code token-service-*}) are left out.
 */
final class RouteChecks implements DoctorCheck {

	/** Longer than the default access-token lifetime, a stateless route's sign-out wait is worth a word. */
	static final Duration LONG_ACCESS_TOKEN = Duration.ofMinutes(15);

	private final Flux<RouteMetadata> routes;

	private final SessionMode defaultMode;

	private final boolean feedEnabled;

	private final boolean production;

	private final Supplier<Map<String, Duration>> tokenLifetimes;

	RouteChecks(Flux<RouteMetadata> routes, SessionMode defaultMode, boolean feedEnabled, boolean production) {
		this(routes, defaultMode, feedEnabled, production, Map::of);
	}

	/**
	 * The same, also judging stateless routes by {@code tokenLifetimes}: the longest access-token
	 * lifetime per client among the tokens this gateway verified (none before the first request).
	 */
	RouteChecks(Flux<RouteMetadata> routes, SessionMode defaultMode, boolean feedEnabled, boolean production,
			Supplier<Map<String, Duration>> tokenLifetimes) {
		this.tokenLifetimes = tokenLifetimes;
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
		if (policy.modeOr(this.defaultMode) == SessionMode.STATELESS) {
			findings = findings.concatWith(Flux.fromIterable(longLivedTokens(route.id(), setting)));
		}
		return findings;
	}

	/**
	 * A stateless route learns of a sign-out only when the access token expires: tokens of a client
	 * that live longer than {@link #LONG_ACCESS_TOKEN}, as this gateway has seen them, keep a signed-out
	 * user in for that long.
	 */
	private List<Finding> longLivedTokens(String routeId, String setting) {
		List<Finding> findings = new ArrayList<>();
		this.tokenLifetimes.get().forEach((client, lifetime) -> {
			if (lifetime.compareTo(LONG_ACCESS_TOKEN) > 0) {
				findings.add(Finding.warning("route.stateless-long-access-tokens", "On route `" + routeId + "` (stateless) "
						+ "a user of client `" + client + "` who signs out or is disabled keeps access for up to "
						+ InWords.duration(lifetime) + ", the lifetime of the access tokens this gateway has seen.",
						setting + "mode (hybrid: the revocation feed within a second), or gatehouse.clients." + client
								+ ".access-token-ttl at the token service (at most " + InWords.duration(LONG_ACCESS_TOKEN)
								+ ")"));
			}
		});
		return findings;
	}

	private static String name(SessionMode mode) {
		return mode.name().toLowerCase(java.util.Locale.ROOT);
	}

}

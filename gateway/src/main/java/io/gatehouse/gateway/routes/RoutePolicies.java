package io.gatehouse.gateway.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.gateway.route.Route;

/**
 * Each route's {@link RoutePolicy}, read from its metadata once rather than at every request. An
 * entry is reused only while the route still carries the very same metadata map, so a route
 * refresh ({@code /actuator/gateway/refresh}, new configuration) is picked up at once.
 */
public final class RoutePolicies {

	private final Map<String, Cached> byRouteId = new ConcurrentHashMap<>();

	public RoutePolicy of(Route route) {
		if (route == null) {
			return RoutePolicy.CLOSED;
		}
		Cached cached = this.byRouteId.get(route.getId());
		if (cached != null && cached.metadata() == route.getMetadata()) {
			return cached.policy();
		}
		RoutePolicy policy = RoutePolicy.of(route);
		this.byRouteId.put(route.getId(), new Cached(route.getMetadata(), policy));
		return policy;
	}

	private record Cached(Map<String, Object> metadata, RoutePolicy policy) {
	}

}

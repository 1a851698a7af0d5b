package io.gatehouse.gateway.openapi;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;

/**
 * The routes the gateway serves, as of the last route refresh (at startup and at every
 * {@code RefreshRoutesEvent}), read from the primary, caching route locator. The description is
 * built on a request thread, which must not block; the cached routes are taken here instead, when
 * the locator announces them. Until the first refresh completes, the list is empty.
 */
final class RoutesSnapshot implements ApplicationListener<RefreshRoutesResultEvent> {

	private final ObjectProvider<RouteLocator> routes;

	private volatile List<Route> current = List.of();

	RoutesSnapshot(ObjectProvider<RouteLocator> routes) {
		this.routes = routes;
	}

	List<Route> current() {
		return this.current;
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		if (event.isSuccess()) {
			this.routes.getObject().getRoutes().collectList().subscribe((routes) -> this.current = List.copyOf(routes));
		}
	}

}

package io.gatehouse.gateway.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.HasConfig;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import io.gatehouse.gateway.errors.GatewayErrorWebExceptionHandler;
import io.gatehouse.gateway.ratelimit.LimitAttemptsGatewayFilterFactory;
import io.gatehouse.gateway.ratelimit.LimitRequestBodyGatewayFilterFactory;
import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * What a route's API description is made of, read from the route itself (its predicates, filters
 * and metadata), so routes from configuration and the built-in Java ones are described alike.
 * {@code Path} predicates give the patterns (none: every path, {@code /**}); {@code Method}
 * predicates restrict the methods (none: all eight OpenAPI knows). Spring Cloud Gateway's
 * {@code Method} predicate exposes no configuration object, so its methods are read from its
 * {@code toString()} ({@code "Methods: [GET, POST]"}), a format a test pins. Predicates joined by
 * {@code or} (Java routes only) are read as if and-ed; negated ones are not read.
 *
 * @param id the route id
 * @param patterns its {@code Path} patterns, in order
 * @param methods the methods it matches, in OpenAPI's order
 * @param policy its security policy
 * @param tokenServiceRoute whether it is a built-in token-service route (503, not 502/504)
 * @param bodyLimit the largest body it reads, or {@code null} when bodies stream through
 * @param limited whether it counts attempts (429)
 * @param readsLoginBody whether it reads a login body to count usernames (400, 413)
 */
record DescribedRoute(String id, List<String> patterns, List<HttpMethod> methods, RoutePolicy policy,
		boolean tokenServiceRoute, DataSize bodyLimit, boolean limited, boolean readsLoginBody) {

	/** The methods an OpenAPI path item can hold, in its order. */
	static final List<HttpMethod> ALL_METHODS = List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST,
			HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.TRACE);

	private static final String METHODS_PREFIX = "Methods: [";

	static DescribedRoute of(Route route) {
		List<String> patterns = new ArrayList<>();
		List<Set<HttpMethod>> methodSets = new ArrayList<>();
		route.getPredicate().accept((HasConfig predicate) -> {
			if (predicate.getConfig() instanceof PathRoutePredicateFactory.Config path) {
				patterns.addAll(path.getPatterns());
			}
			else if (predicate.toString().startsWith(METHODS_PREFIX)) {
				methodSets.add(methods(predicate.toString()));
			}
		});
		if (patterns.isEmpty()) {
			patterns.add("/**");
		}
		List<HttpMethod> methods = new ArrayList<>(ALL_METHODS);
		methodSets.forEach(methods::retainAll);
		DataSize bodyLimit = null;
		boolean limited = false;
		boolean readsLoginBody = false;
		for (GatewayFilter filter : route.getFilters()) {
			GatewayFilter delegate = (filter instanceof OrderedGatewayFilter ordered) ? ordered.getDelegate() : filter;
			if (delegate instanceof LimitRequestBodyGatewayFilterFactory.LimitRequestBody body) {
				bodyLimit = body.maxSize();
			}
			else if (delegate instanceof LimitAttemptsGatewayFilterFactory.LimitAttempts attempts) {
				limited = true;
				readsLoginBody = attempts.config().getPerUsername() > 0;
			}
		}
		return new DescribedRoute(route.getId(), List.copyOf(patterns), List.copyOf(methods), RoutePolicy.of(route),
				GatewayErrorWebExceptionHandler.isTokenServiceRoute(route), bodyLimit, limited, readsLoginBody);
	}

	private static Set<HttpMethod> methods(String description) {
		Set<HttpMethod> methods = new LinkedHashSet<>();
		String list = description.substring(METHODS_PREFIX.length(), Math.max(METHODS_PREFIX.length(),
				description.lastIndexOf(']')));
		for (String name : list.split(",")) {
			if (!name.isBlank()) {
				methods.add(HttpMethod.valueOf(name.trim().toUpperCase(Locale.ROOT)));
			}
		}
		return methods;
	}

}

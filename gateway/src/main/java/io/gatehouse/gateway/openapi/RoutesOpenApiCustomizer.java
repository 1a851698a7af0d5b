package io.gatehouse.gateway.openapi;

import java.util.List;
import java.util.function.Supplier;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;

/**
 * Describes the gateway's routes, its whole API: one path per {@code Path} pattern of every
 * route, in route order (so where two routes share a pattern and a method, the one Spring Cloud
 * Gateway would pick is described), each method the route matches an operation from
 * {@link RouteOperations}, and the shared answers of {@link GatewayAnswers}. The gateway has no
 * controllers, so the paths are replaced outright; each pattern is kept on its path item as
 * {@code x-gatehouse-path-pattern}.
 */
final class RoutesOpenApiCustomizer implements OpenApiCustomizer {

	private final Supplier<List<Route>> routes;

	private final RouteOperations operations;

	RoutesOpenApiCustomizer(Supplier<List<Route>> routes, RouteOperations operations) {
		this.routes = routes;
		this.operations = operations;
	}

	@Override
	public void customise(OpenAPI openApi) {
		Paths paths = new Paths();
		for (Route route : this.routes.get()) {
			DescribedRoute described = DescribedRoute.of(route);
			for (String pattern : described.patterns()) {
				RoutePathTemplates.Template template = RoutePathTemplates.of(pattern);
				PathItem item = paths.computeIfAbsent(template.template(), (key) -> pathItem(pattern));
				for (HttpMethod method : described.methods()) {
					PathItem.HttpMethod key = PathItem.HttpMethod.valueOf(method.name());
					if (!item.readOperationsMap().containsKey(key)) {
						Operation operation = this.operations.operation(described, template, pattern);
						item.operation(key, operation);
					}
				}
			}
		}
		openApi.setPaths(paths);
		openApi.setComponents(GatewayAnswers.components());
	}

	private static PathItem pathItem(String pattern) {
		PathItem item = new PathItem();
		item.addExtension("x-gatehouse-path-pattern", pattern);
		return item;
	}

}

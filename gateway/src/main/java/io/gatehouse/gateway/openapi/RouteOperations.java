package io.gatehouse.gateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;

import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The OpenAPI operation of one route on one path template: its security (the bearer scheme
 * unless {@code auth: public}; required scopes and roles as {@code x-gatehouse-required-scopes}
 * and {@code x-gatehouse-required-roles}), its session mode ({@code x-gatehouse-session-mode}, and
 * {@code x-gatehouse-feed-down} for hybrid routes), and the answers the gateway itself gives there,
 * each a reference to {@link GatewayAnswers}: 400/401 (and 403 when scopes or roles are required) on
 * protected routes, 408 everywhere, 413 where a body is bounded, 429 where attempts are limited,
 * 502/504 on app routes, 503 on the token service's routes and on stateful and hybrid routes. The
 * upstream's own answers are the {@code default} response: the gateway passes them through.
 */
final class RouteOperations {

	private final SessionMode defaultMode;

	private final boolean feedEnabled;

	/**
	 * @param defaultMode the mode of routes without {@code mode} metadata
	 * @param feedEnabled whether the revocation feed is followed (without it, hybrid routes validate statelessly)
	 */
	RouteOperations(SessionMode defaultMode, boolean feedEnabled) {
		this.defaultMode = defaultMode;
		this.feedEnabled = feedEnabled;
	}

	Operation operation(DescribedRoute route, RoutePathTemplates.Template template, String pattern) {
		RoutePolicy policy = route.policy();
		Operation operation = new Operation().summary("Route " + route.id())
			.description(description(route, pattern))
			.addTagsItem(route.id())
			.responses(responses(route));
		template.parameters().forEach((parameter) -> operation.addParametersItem(parameter(parameter, pattern)));
		operation.addExtension("x-gatehouse-route-id", route.id());
		if (policy.isPublic()) {
			operation.setSecurity(new ArrayList<>());
			return operation;
		}
		operation.addSecurityItem(new SecurityRequirement().addList(GatewayAnswers.BEARER));
		if (!policy.requiredScopes().isEmpty()) {
			operation.addExtension("x-gatehouse-required-scopes", List.copyOf(policy.requiredScopes()));
		}
		if (!policy.requiredRoles().isEmpty()) {
			operation.addExtension("x-gatehouse-required-roles", List.copyOf(policy.requiredRoles()));
		}
		SessionMode mode = mode(policy);
		operation.addExtension("x-gatehouse-session-mode", mode.name().toLowerCase(Locale.ROOT));
		if (mode == SessionMode.HYBRID) {
			operation.addExtension("x-gatehouse-feed-down", policy.failClosedWhenFeedDown() ? "closed" : "open");
		}
		return operation;
	}

	private SessionMode mode(RoutePolicy policy) {
		SessionMode mode = policy.modeOr(this.defaultMode);
		return (mode == SessionMode.HYBRID && !this.feedEnabled) ? SessionMode.STATELESS : mode;
	}

	private ApiResponses responses(DescribedRoute route) {
		RoutePolicy policy = route.policy();
		ApiResponses responses = new ApiResponses();
		responses.addApiResponse("default", new ApiResponse().description("The upstream's own answer, passed through"));
		if (!policy.isPublic() || route.readsLoginBody()) {
			responses.addApiResponse("400", ref(GatewayAnswers.BAD_REQUEST));
		}
		if (!policy.isPublic()) {
			responses.addApiResponse("401", ref(GatewayAnswers.UNAUTHORIZED));
			if (!policy.requiredScopes().isEmpty() || !policy.requiredRoles().isEmpty()) {
				responses.addApiResponse("403", ref(GatewayAnswers.FORBIDDEN));
			}
		}
		responses.addApiResponse("408", ref(GatewayAnswers.REQUEST_TIMEOUT));
		if (route.bodyLimit() != null || route.readsLoginBody()) {
			responses.addApiResponse("413", ref(GatewayAnswers.PAYLOAD_TOO_LARGE));
		}
		if (route.limited()) {
			responses.addApiResponse("429", ref(GatewayAnswers.TOO_MANY_REQUESTS));
		}
		boolean sessionChecked = !policy.isPublic() && mode(policy) != SessionMode.STATELESS;
		if (route.tokenServiceRoute() || sessionChecked) {
			responses.addApiResponse("503", ref(GatewayAnswers.SERVICE_UNAVAILABLE));
		}
		if (!route.tokenServiceRoute()) {
			responses.addApiResponse("502", ref(GatewayAnswers.BAD_GATEWAY));
			responses.addApiResponse("504", ref(GatewayAnswers.GATEWAY_TIMEOUT));
		}
		return responses;
	}

	private String description(DescribedRoute route, String pattern) {
		RoutePolicy policy = route.policy();
		StringBuilder description = new StringBuilder("Spring Cloud Gateway pattern ").append(pattern).append(". ");
		description.append(route.tokenServiceRoute() ? "Routed to the token service. " : "Routed to an app. ");
		if (policy.isPublic()) {
			description.append("Public: no token is checked.");
		}
		else {
			description.append("Requires a valid bearer access token (RFC 9068)");
			if (!policy.requiredScopes().isEmpty()) {
				description.append(" with the scopes ").append(String.join(" ", policy.requiredScopes()));
			}
			if (!policy.requiredRoles().isEmpty()) {
				description.append(policy.requiredScopes().isEmpty() ? " with" : " and").append(" the roles ")
					.append(String.join(" ", policy.requiredRoles()));
			}
			description.append("; its session is checked ").append(mode(policy).name().toLowerCase(Locale.ROOT)).append('.');
		}
		if (route.bodyLimit() != null) {
			description.append(" Bodies are read to at most ").append(route.bodyLimit().toBytes()).append(" bytes.");
		}
		if (route.limited()) {
			description.append(" Attempts are limited per client network")
				.append(route.readsLoginBody() ? " and per username." : ".");
		}
		return description.toString();
	}

	private static PathParameter parameter(RoutePathTemplates.Parameter parameter, String pattern) {
		PathParameter path = new PathParameter();
		path.name(parameter.name()).required(true).schema(new StringSchema());
		path.description(parameter.rest()
				? "The rest of the path: any number of segments, slashes included, also none (" + pattern + ")"
				: "One path segment");
		return path;
	}

	private static ApiResponse ref(String response) {
		return new ApiResponse().$ref(GatewayAnswers.ref(response));
	}

}

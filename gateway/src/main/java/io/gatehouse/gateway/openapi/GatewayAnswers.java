package io.gatehouse.gateway.openapi;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The answers the gateway itself gives, as shared OpenAPI components that every route's
 * operations reference: the error body {@code {"error","error_description"}}, the RFC 6750 §3
 * {@code WWW-Authenticate} challenge, {@code Retry-After}, one response per status the gateway
 * answers (docs/gateway.md, "Answers", lists the same), and the bearer security scheme (RFC 9068
 * access tokens).
 */
final class GatewayAnswers {

	static final String BEARER = "bearer";

	static final String BAD_REQUEST = "BadRequest";

	static final String UNAUTHORIZED = "Unauthorized";

	static final String FORBIDDEN = "Forbidden";

	static final String NOT_FOUND = "NotFound";

	static final String REQUEST_TIMEOUT = "RequestTimeout";

	static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";

	static final String TOO_MANY_REQUESTS = "TooManyRequests";

	static final String BAD_GATEWAY = "BadGateway";

	static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

	static final String GATEWAY_TIMEOUT = "GatewayTimeout";

	private static final String ERROR = "Error";

	private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

	private static final String RETRY_AFTER = "Retry-After";

	private GatewayAnswers() {
	}

	static String ref(String response) {
		return "#/components/responses/" + response;
	}

	static Components components() {
		Map<String, ApiResponse> responses = new LinkedHashMap<>();
		responses.put(BAD_REQUEST, error("invalid_request: a token in the query string (RFC 6750 §2.3), several "
				+ "tokens in one request, or a login body that is not the strict reading the gateway counts by"));
		responses.put(UNAUTHORIZED, error("No bearer token (challenge Bearer realm=\"gatehouse\"), or invalid_token "
				+ "with the reason in error_description: expired, not_yet_valid, bad_signature, unknown_key, "
				+ "wrong_issuer, wrong_audience, wrong_type, malformed, algorithm_not_allowed, token_too_large, revoked")
			.addHeaderObject(WWW_AUTHENTICATE, headerRef(WWW_AUTHENTICATE)));
		responses.put(FORBIDDEN, error("insufficient_scope: a scope or role the route requires is missing "
				+ "(the challenge names the required scopes)")
			.addHeaderObject(WWW_AUTHENTICATE, headerRef(WWW_AUTHENTICATE)));
		responses.put(NOT_FOUND, error("not_found: no route for this path (every path this description does not list)"));
		responses.put(REQUEST_TIMEOUT, error("invalid_request: the request headers were not complete 10 s after their "
				+ "first byte, or a bounded route's body had not arrived 10 s after the headers; the connection is closed"));
		responses.put(PAYLOAD_TOO_LARGE, error("invalid_request: the body is over the route's limit; the rest is not "
				+ "read and the connection is closed"));
		responses.put(TOO_MANY_REQUESTS, error("too_many_requests: a brute-force limit of this route; retry after "
				+ "Retry-After").addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER)));
		responses.put(BAD_GATEWAY, error("bad_gateway: the app's upstream refused or dropped the connection before "
				+ "answering"));
		responses.put(SERVICE_UNAVAILABLE, error("temporarily_unavailable: the token service is unreachable on one of "
				+ "its routes, a stateful route cannot introspect, a hybrid route has not caught up with the revocation "
				+ "feed yet, or a feed-down: closed route while the feed is down; retry, do not sign out")
			.addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER)));
		responses.put(GATEWAY_TIMEOUT, error("gateway_timeout: the app's upstream did not answer in time"));
		Components components = new Components().addSchemas(ERROR, errorSchema())
			.addHeaders(WWW_AUTHENTICATE, new Header().description("RFC 6750 §3 challenge, e.g. Bearer realm=\"gatehouse\", "
					+ "error=\"invalid_token\", error_description=\"expired\"").schema(new StringSchema()))
			.addHeaders(RETRY_AFTER, new Header().description("seconds to wait before retrying")
				.schema(new Schema<Integer>().type("integer")))
			.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("An RFC 9068 access token (typ at+jwt) from the token service, in Authorization: Bearer "
						+ "only (never the query string)"));
		responses.forEach(components::addResponses);
		return components;
	}

	private static Schema<?> errorSchema() {
		return new ObjectSchema().description("The body of every answer the gateway gives itself (RFC 6749 §5.2 / "
				+ "RFC 6750 §3 codes)")
			.addProperty("error", new StringSchema().description("the code, e.g. invalid_token"))
			.addProperty("error_description", new StringSchema().description("why, without secrets"))
			.addRequiredItem("error");
	}

	private static ApiResponse error(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR))));
	}

	private static Header headerRef(String name) {
		return new Header().$ref("#/components/headers/" + name);
	}

}

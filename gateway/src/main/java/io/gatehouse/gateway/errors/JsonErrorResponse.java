package io.gatehouse.gateway.errors;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Ends a response with the gateway's one error shape: the status, {@code Cache-Control: no-store}
 * and a JSON body {@code {"error","error_description",…}}. Every answer the gateway gives itself
 * (bearer challenges, limits, bodies too large, unreachable upstreams) is written here.
 */
public final class JsonErrorResponse {

	private JsonErrorResponse() {
	}

	/** {@code {"error": error, "error_description": description}}. */
	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String error, String description,
			JsonMapper json) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("error_description", description);
		return write(response, status, body, json);
	}

	/** The body as given, for answers with more fields (RFC 6750's {@code scope}). */
	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, Map<String, String> body,
			JsonMapper json) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setCacheControl("no-store");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(body))));
	}

}

package io.gatehouse.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.errors.JsonErrorResponse;

/**
 * Ends a request with an RFC 6750 §3 answer: the status, a {@code WWW-Authenticate: Bearer
 * realm="gatehouse"} challenge with {@code error}, {@code error_description} (and {@code scope}
 * for {@code insufficient_scope}), and a small JSON body with the same fields.
 */
public final class BearerAnswers {

	private final JsonMapper json;

	public BearerAnswers(JsonMapper json) {
		this.json = json;
	}

	/** 401 without an error code: the route needs a token and none was sent. */
	public Mono<Void> tokenRequired(ServerWebExchange exchange) {
		return answer(exchange, HttpStatus.UNAUTHORIZED, null, "a bearer access token is required", null);
	}

	public Mono<Void> invalidToken(ServerWebExchange exchange, InvalidTokenReason reason) {
		return answer(exchange, HttpStatus.UNAUTHORIZED, "invalid_token", reason.code(), null);
	}

	public Mono<Void> insufficientScope(ServerWebExchange exchange, String scope, String description) {
		return answer(exchange, HttpStatus.FORBIDDEN, "insufficient_scope", description, scope);
	}

	public Mono<Void> invalidRequest(ServerWebExchange exchange, String description) {
		return answer(exchange, HttpStatus.BAD_REQUEST, "invalid_request", description, null);
	}

	/** 503: the check this route needs cannot be made now; the client should retry, not log out. */
	public Mono<Void> unavailable(ServerWebExchange exchange, String description) {
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		return answer(exchange, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", description, null);
	}

	private Mono<Void> answer(ServerWebExchange exchange, HttpStatus status, String error, String description,
			String scope) {
		ServerHttpResponse response = exchange.getResponse();
		if (status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge(error, description, scope));
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", (error != null) ? error : "unauthorized");
		body.put("error_description", description);
		if (scope != null) {
			body.put("scope", scope);
		}
		return JsonErrorResponse.write(response, status, body, this.json);
	}

	private static String challenge(String error, String description, String scope) {
		StringBuilder challenge = new StringBuilder("Bearer realm=\"gatehouse\"");
		if (error != null) {
			challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description).append('"');
		}
		if (scope != null) {
			challenge.append(", scope=\"").append(scope).append('"');
		}
		return challenge.toString();
	}

}

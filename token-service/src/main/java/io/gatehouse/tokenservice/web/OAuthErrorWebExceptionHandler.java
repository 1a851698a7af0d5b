package io.gatehouse.tokenservice.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import io.gatehouse.tokenservice.accesstoken.InvalidAccessTokenException;

/**
 * The one place where failures become answers: every error leaves as JSON
 * {@code {"error","error_description"}} with its standard status, and never as a stack trace.
 * Malformed input is 400 {@code invalid_request} (a request parameter of the wrong type named, as
 * "others must be true or false"), a body over
 * {@code spring.http.codecs.max-in-memory-size} 413 {@code invalid_request}; a database that is down is 503
 * {@code temporarily_unavailable} with {@code Retry-After}; anything unexpected is logged and
 * answered 500 {@code server_error} without detail.
 */
@Component
@Order(-2)
final class OAuthErrorWebExceptionHandler implements WebExceptionHandler {

	private static final Log logger = LogFactory.getLog(OAuthErrorWebExceptionHandler.class);

	private final JsonMapper json;

	OAuthErrorWebExceptionHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		OAuthError error = translate(failure);
		if (error.status().is5xxServerError()) {
			logger.warn(exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath() + " failed with "
					+ error.error() + ": " + failure, DatabaseFailures.isUnavailable(failure) ? null : failure);
		}
		response.setStatusCode(error.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl("no-store");
		error.headers().forEach(headers::set);
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", error.error());
		if (error.description() != null) {
			body.put("error_description", error.description());
		}
		byte[] bytes = this.json.writeValueAsBytes(body);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

	static OAuthError translate(Throwable failure) {
		if (failure instanceof OAuthErrorException oauth) {
			return oauth.error();
		}
		if (failure instanceof InvalidAccessTokenException invalid) {
			return OAuthError.invalidToken(invalid.getMessage());
		}
		if (DatabaseFailures.isUnavailable(failure)) {
			return OAuthError.temporarilyUnavailable();
		}
		if (hasCause(failure, DataBufferLimitException.class)) {
			// 413, not RFC 6749's 400: the gateway answers an oversized body the same way before it is read.
			// Connection: close, or the server would read and discard the rest of the body, however long.
			return new OAuthError(HttpStatus.CONTENT_TOO_LARGE, "invalid_request", "request body too large",
					Map.of(HttpHeaders.CONNECTION, "close"));
		}
		if (failure instanceof WebExchangeBindException bind) {
			return OAuthError.invalidRequest(bind.getFieldErrors()
				.stream()
				.map((field) -> jsonName(field.getField()) + " " + field.getDefaultMessage())
				.sorted()
				.reduce((a, b) -> a + "; " + b)
				.orElse("invalid request body"));
		}
		if (failure instanceof UnsupportedMediaTypeStatusException unsupported) {
			return OAuthError.invalidRequest("unsupported content type " + unsupported.getContentType());
		}
		if (failure instanceof ServerWebInputException input && input.getCause() instanceof TypeMismatchException mismatch
				&& parameterName(input) != null) {
			return OAuthError.invalidRequest(parameterName(input) + " " + expected(mismatch));
		}
		if (failure instanceof ServerWebInputException || hasCause(failure, DecodingException.class)) {
			return OAuthError.invalidRequest("malformed request body");
		}
		if (failure instanceof MethodNotAllowedException) {
			return new OAuthError(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request", "method not allowed", Map.of());
		}
		if (failure instanceof ResponseStatusException status) {
			HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
			return new OAuthError(code, code.is4xxClientError() ? "invalid_request" : "server_error",
					code.getReasonPhrase().toLowerCase(), Map.of());
		}
		return OAuthError.serverError();
	}

	/** The name the request gave the parameter that could not be converted, if known. */
	private static String parameterName(ServerWebInputException input) {
		MethodParameter parameter = input.getMethodParameter();
		if (parameter == null) {
			return null;
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		return (param != null && !param.name().isEmpty()) ? param.name() : parameter.getParameterName();
	}

	/** What a request parameter that could not be converted should have been. */
	private static String expected(TypeMismatchException mismatch) {
		Class<?> type = mismatch.getRequiredType();
		if (type == boolean.class || type == Boolean.class) {
			return "must be true or false";
		}
		if (type != null && (type.isPrimitive() || Number.class.isAssignableFrom(type))) {
			return "must be a number";
		}
		return "has an invalid value";
	}

	/** The name the client wrote: request bodies are snake_case JSON, the records' fields camelCase. */
	static String jsonName(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}

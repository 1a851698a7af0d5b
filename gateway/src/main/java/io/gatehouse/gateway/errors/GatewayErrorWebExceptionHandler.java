package io.gatehouse.gateway.errors;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Every failure the gateway itself answers leaves as JSON {@code {"error","error_description"}},
 * never as Spring's default error body or a stack trace. An unrouted path is 404 {@code not_found}.
 * An upstream that refuses, cannot be resolved, drops the connection before answering or does not
 * answer in time is 502 {@code bad_gateway} or 504 {@code gateway_timeout} on app routes; on the
 * token service's own routes it is 503 {@code temporarily_unavailable} with {@code Retry-After}, so
 * OAuth clients retry (RFC 6749 §5.2 has no code that tells a client to keep its session other than
 * that one) instead of signing the user out. Anything else unexpected is logged and answered 500
 * {@code server_error} without detail.
 */
public final class GatewayErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

	/** Before Spring Boot's default handler ({@code -1}), which writes the {@code timestamp…} body. */
	public static final int ORDER = -2;

	/** Route ids of the token service's built-in routes start with this. */
	static final String TOKEN_SERVICE_ROUTE_PREFIX = "token-service";

	private static final String RETRY_AFTER_SECONDS = "5";

	private static final Log logger = LogFactory.getLog(GatewayErrorWebExceptionHandler.class);

	private final JsonMapper json;

	public GatewayErrorWebExceptionHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(failure);
		}
		GatewayError error = translate(failure, isTokenServiceRoute(exchange));
		if (error.status().is5xxServerError()) {
			String request = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath();
			if (error.status() == HttpStatus.INTERNAL_SERVER_ERROR) {
				logger.error(request + " failed unexpectedly", failure);
			}
			else {
				logger.warn(request + " answered " + error.status().value() + " " + error.code() + ": " + failure);
			}
		}
		if (error.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		}
		return JsonErrorResponse.write(response, error.status(), error.code(), error.description(), this.json);
	}

	static GatewayError translate(Throwable failure, boolean tokenServiceRoute) {
		if (hasCause(failure, DataBufferLimitException.class)) {
			return new GatewayError(HttpStatus.PAYLOAD_TOO_LARGE, "invalid_request", "request body too large");
		}
		if (isTimeout(failure)) {
			return tokenServiceRoute ? tokenServiceUnavailable()
					: new GatewayError(HttpStatus.GATEWAY_TIMEOUT, "gateway_timeout", "the upstream did not answer in time");
		}
		if (hasCause(failure, TooLongFrameException.class)) {
			// The upstream answered, with more headers than the gateway reads (16 KiB): not worth a retry.
			return new GatewayError(HttpStatus.BAD_GATEWAY, "bad_gateway", "the upstream's answer was too large to read");
		}
		if (isUnreachable(failure)) {
			return tokenServiceRoute ? tokenServiceUnavailable()
					: new GatewayError(HttpStatus.BAD_GATEWAY, "bad_gateway", "the upstream is unreachable");
		}
		if (failure instanceof ResponseStatusException status) {
			return fromStatus(HttpStatus.valueOf(status.getStatusCode().value()), tokenServiceRoute);
		}
		return new GatewayError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "unexpected error");
	}

	private static GatewayError fromStatus(HttpStatus status, boolean tokenServiceRoute) {
		return switch (status) {
			case NOT_FOUND -> new GatewayError(status, "not_found", "no route for this path");
			case METHOD_NOT_ALLOWED -> new GatewayError(status, "invalid_request", "method not allowed");
			case PAYLOAD_TOO_LARGE -> new GatewayError(status, "invalid_request", "request body too large");
			case UNSUPPORTED_MEDIA_TYPE -> new GatewayError(status, "invalid_request", "unsupported content type");
			case BAD_GATEWAY, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT -> tokenServiceRoute ? tokenServiceUnavailable()
					: new GatewayError(status, (status == HttpStatus.GATEWAY_TIMEOUT) ? "gateway_timeout" : "bad_gateway",
							"the upstream is unreachable");
			default -> status.is4xxClientError()
					? new GatewayError(status, "invalid_request", status.getReasonPhrase().toLowerCase())
					: new GatewayError(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "unexpected error");
		};
	}

	private static GatewayError tokenServiceUnavailable() {
		return new GatewayError(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
				"the token service is unreachable; retry shortly");
	}

	private static boolean isTokenServiceRoute(ServerWebExchange exchange) {
		return isTokenServiceRoute(exchange.<Route>getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
	}

	/** Whether this is one of the token service's built-in routes, whose upstream failures answer 503, not 502/504. */
	public static boolean isTokenServiceRoute(Route route) {
		return route != null && route.getId().startsWith(TOKEN_SERVICE_ROUTE_PREFIX);
	}

	private static boolean isTimeout(Throwable failure) {
		return hasCause(failure, TimeoutException.class) || hasCause(failure, ConnectTimeoutException.class);
	}

	/** Refused, unresolvable, or closed before a response: the request may not have been processed; retrying is safe for OAuth. */
	private static boolean isUnreachable(Throwable failure) {
		return hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)
				|| hasCause(failure, PrematureCloseException.class) || hasCause(failure, ClosedChannelException.class)
				|| (hasCause(failure, IOException.class) && !(failure instanceof ResponseStatusException));
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	record GatewayError(HttpStatus status, String code, String description) {
	}

}

package io.gatehouse.gateway.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.errors.JsonErrorResponse;

/**
 * Bounded reading of the small bodies the gateway inspects or holds back for the token service, and
 * the JSON error answers of the limit filters. A body is read to at most {@code max} bytes: beyond,
 * reading stops and the answer is 413 with {@code Connection: close}, so the rest is never read; a
 * body that has not arrived within the small-body timeout is answered 408 the same way.
 */
final class RequestBodies {

	private RequestBodies() {
	}

	/** Whether the request says it has a body (a length above zero, or chunked). */
	static boolean hasBody(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	/**
	 * The whole body, or empty after answering 413 when it is longer than {@code max} (at once when
	 * {@code Content-Length} says so).
	 */
	static Mono<byte[]> read(ServerWebExchange exchange, int max, Duration timeout, JsonMapper json) {
		if (exchange.getRequest().getHeaders().getContentLength() > max) {
			return tooLarge(exchange, max, json).then(Mono.empty());
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), max)
			.map(RequestBodies::bytesOf)
			.defaultIfEmpty(new byte[0])
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge(exchange, max, json).then(Mono.empty()))
			.timeout(timeout, Mono.defer(() -> tooSlow(exchange, timeout, json).then(Mono.empty())));
	}

	/** The exchange with {@code body} replayed byte for byte and its length stated. */
	static ServerWebExchange replay(ServerWebExchange exchange, byte[] body) {
		return exchange.mutate().request(new ReplayedBody(exchange.getRequest(), body)).build();
	}

	/** 408: the body did not arrive within {@code timeout} of the headers; the connection is closed. */
	static Mono<Void> tooSlow(ServerWebExchange exchange, Duration timeout, JsonMapper json) {
		exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		return error(exchange, HttpStatus.REQUEST_TIMEOUT, "invalid_request",
				"request body was not received within " + timeout.toSeconds() + " s", json);
	}

	static Mono<Void> tooLarge(ServerWebExchange exchange, int max, JsonMapper json) {
		// The rest of the body is never read: the connection cannot be reused.
		exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		return error(exchange, HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
				"request body is larger than " + max + " bytes", json);
	}

	/** Answers {@code {"error","error_description"}} with this status, uncacheable. */
	static Mono<Void> error(ServerWebExchange exchange, HttpStatus status, String error, String description,
			JsonMapper json) {
		return JsonErrorResponse.write(exchange.getResponse(), status, error, description, json);
	}

	private static byte[] bytesOf(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** The request with the body already read, replayed byte for byte, and its length stated. */
	private static final class ReplayedBody extends ServerHttpRequestDecorator {

		private final byte[] body;

		private final HttpHeaders headers;

		ReplayedBody(ServerHttpRequest delegate, byte[] body) {
			super(delegate);
			this.body = body;
			HttpHeaders copy = new HttpHeaders();
			copy.addAll(delegate.getHeaders());
			copy.remove(HttpHeaders.TRANSFER_ENCODING);
			copy.setContentLength(body.length);
			this.headers = HttpHeaders.readOnlyHttpHeaders(copy);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body)));
		}

	}

}

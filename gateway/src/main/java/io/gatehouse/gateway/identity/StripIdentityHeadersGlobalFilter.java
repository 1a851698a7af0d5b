package io.gatehouse.gateway.identity;

import java.util.Iterator;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every client-sent {@code X-Auth-*} header (also spelt with underscores, see
 * {@link IdentityHeaders#isIdentityHeader}) before anything else runs, on every route,
 * public ones included, so neither route filters nor the app behind the gateway ever see a forged
 * identity. The request is changed (copied) only when such a header is present; otherwise this is
 * one pass over the header names as received (Reactor Netty's own headers when the request came
 * through it: a client-sent header is always among those).
 */
public final class StripIdentityHeadersGlobalFilter implements GlobalFilter, Ordered {

	/** Runs first. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!containsIdentityHeader(exchange)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.headerNames()
				.stream()
				.filter(IdentityHeaders::isIdentityHeader)
				.toList()
				.forEach(headers::remove)))
			.build());
	}

	private static boolean containsIdentityHeader(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (nativeRequest(request) instanceof HttpServerRequest received) {
			// What the client sent, as Netty holds it: names compared in place, no header map built.
			Iterator<Map.Entry<CharSequence, CharSequence>> entries = received.requestHeaders().iteratorCharSequence();
			while (entries.hasNext()) {
				if (IdentityHeaders.isIdentityHeader(entries.next().getKey())) {
					return true;
				}
			}
			return false;
		}
		return request.getHeaders().headerNames().stream().anyMatch(IdentityHeaders::isIdentityHeader);
	}

	private static Object nativeRequest(ServerHttpRequest request) {
		try {
			return ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

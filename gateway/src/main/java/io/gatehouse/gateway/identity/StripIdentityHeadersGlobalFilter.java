package io.gatehouse.gateway.identity;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every client-sent {@code X-Auth-*} header before anything else runs, on every route,
 * public ones included: an app behind the gateway can trust those headers because only the
 * gateway sets them.
 */
public final class StripIdentityHeadersGlobalFilter implements GlobalFilter, Ordered {

	/** Runs first. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		boolean spoofed = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.anyMatch((name) -> name.regionMatches(true, 0, IdentityHeaders.PREFIX, 0, IdentityHeaders.PREFIX.length()));
		if (!spoofed) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request((request) -> request.headers(IdentityHeaders::strip)).build());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

package io.gatehouse.gateway.identity;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes every client-sent {@code X-Auth-*} header before anything else runs, on every route,
 * public ones included, so neither route filters nor the app behind the gateway ever see a forged
 * identity. The request is changed (copied) only when such a header is present; otherwise this is
 * one pass over the header entries.
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
		// headerSet() walks the entries; headerNames() would first build a case-insensitive copy of them.
		for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().headerSet()) {
			if (IdentityHeaders.isIdentityHeader(header.getKey())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

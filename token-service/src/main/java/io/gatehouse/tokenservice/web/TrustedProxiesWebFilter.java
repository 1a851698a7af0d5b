package io.gatehouse.tokenservice.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Puts the real client address in the request's remote address, before anything reads it
 * ({@link RequestOrigin}, the audit trail): when the socket peer is one of
 * {@code gatehouse.trusted-proxies}, the right-most {@code X-Forwarded-For} entry that is not a
 * trusted proxy; otherwise the socket peer itself, whatever the request claims. Every forwarding
 * header ({@code Forwarded}, {@code X-Forwarded-*}) is then removed so nothing later can trust one.
 * This replaces {@code server.forward-headers-strategy}, which trusts any peer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
final class TrustedProxiesWebFilter implements WebFilter {

	private final List<AddressRange> trusted;

	TrustedProxiesWebFilter(TrustedProxiesProperties properties) {
		this.trusted = properties.trustedProxies().stream().map(AddressRange::parse).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		List<String> forwardedFor = headers.get("X-Forwarded-For");
		if (forwardedFor == null && !hasForwardingHeader(headers)) {
			return chain.filter(exchange);
		}
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = (remote != null && remote.getAddress() != null)
				? clientBehind(remote.getAddress(), forwardedFor) : null;
		return chain.filter(exchange.mutate().request((builder) -> {
			builder.headers((mutable) -> mutable.headerNames()
				.stream()
				.filter(TrustedProxiesWebFilter::isForwardingHeader)
				.toList()
				.forEach(mutable::remove));
			if (client != null && client != remote.getAddress()) {
				builder.remoteAddress(new InetSocketAddress(client, 0));
			}
		}).build());
	}

	/** The right-most address of the chain ending at {@code peer} that is not a trusted proxy. */
	InetAddress clientBehind(InetAddress peer, List<String> forwardedFor) {
		if (!isTrusted(peer) || forwardedFor == null) {
			return peer;
		}
		InetAddress nearest = peer;
		for (int line = forwardedFor.size() - 1; line >= 0; line--) {
			String[] hops = forwardedFor.get(line).split(",");
			for (int i = hops.length - 1; i >= 0; i--) {
				InetAddress hop = AddressRange.address(hops[i]);
				if (hop == null) {
					return nearest;
				}
				if (!isTrusted(hop)) {
					return hop;
				}
				nearest = hop;
			}
		}
		return nearest;
	}

	private boolean isTrusted(InetAddress address) {
		for (AddressRange range : this.trusted) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasForwardingHeader(HttpHeaders headers) {
		for (String name : headers.headerNames()) {
			if (isForwardingHeader(name)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isForwardingHeader(String name) {
		return name.equalsIgnoreCase("Forwarded") || name.regionMatches(true, 0, "X-Forwarded-", 0, 12);
	}

}

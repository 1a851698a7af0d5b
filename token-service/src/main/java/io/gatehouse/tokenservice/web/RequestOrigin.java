package io.gatehouse.tokenservice.web;

import java.net.InetSocketAddress;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request came from, for the audit trail and the session list: the client address (after
 * {@code server.forward-headers-strategy} has applied any trusted forwarding headers) and the
 * {@code User-Agent}, truncated to fit the columns.
 *
 * @param ipAddress the client address, or {@code null}
 * @param userAgent the user agent, or {@code null}
 */
public record RequestOrigin(String ipAddress, String userAgent) {

	/** The origin of a background job rather than a request. */
	public static final RequestOrigin SYSTEM = new RequestOrigin(null, null);

	public static RequestOrigin of(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String ip = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
		return new RequestOrigin(truncate(ip, 64), truncate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT), 512));
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}

package io.gatehouse.gateway.identity;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Shapes the headers of every proxied request (HTTP and WebSocket routes alike, public ones
 * included): every client-sent {@code X-Auth-*} header is removed, so an app behind the gateway can
 * trust them, and an authenticated request gets the gateway's own from its
 * {@link ForwardedIdentity} (without {@code Authorization} where the route says so). Runs last of
 * Spring Cloud Gateway's {@link HttpHeadersFilter}s, so the identity headers are written once into
 * the outgoing request rather than copied through every other header filter.
 */
public final class IdentityHeadersFilter implements HttpHeadersFilter, Ordered {

	/** After every other request-header filter. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		ForwardedIdentity identity = exchange.getAttribute(ForwardedIdentity.ATTRIBUTE);
		boolean dropAuthorization = identity != null && !identity.forwardAuthorization();
		if (identity == null && !containsIdentityHeader(input)) {
			return input;
		}
		HttpHeaders forwarded = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!IdentityHeaders.isIdentityHeader(name)
					&& !(dropAuthorization && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name))) {
				forwarded.addAll(name, values);
			}
		});
		if (identity != null) {
			IdentityHeaders.add(forwarded, identity.token());
		}
		return forwarded;
	}

	private static boolean containsIdentityHeader(HttpHeaders headers) {
		for (var header : headers.headerSet()) {
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

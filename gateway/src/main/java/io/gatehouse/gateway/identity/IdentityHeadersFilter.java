package io.gatehouse.gateway.identity;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds the gateway's {@code X-Auth-*} headers to the proxied request of an authenticated exchange
 * (HTTP and WebSocket routes alike), from its {@link ForwardedIdentity}, and leaves out
 * {@code Authorization} where the route says so. A cookie session's access token goes upstream as
 * {@code Authorization: Bearer} (in place of anything the browser sent in that header), so apps that
 * verify JWTs work unchanged behind browser mode. Client-sent {@code X-Auth-*} headers never get
 * this far: {@link StripIdentityHeadersGlobalFilter} removed them first. Ordered with the last of
 * Spring Cloud Gateway's {@link HttpHeadersFilter}s, so the identity is written into the outgoing
 * request rather than copied through every other header filter.
 */
public final class IdentityHeadersFilter implements HttpHeadersFilter, Ordered {

	/** With the last request-header filters. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		ForwardedIdentity identity = exchange.getAttribute(ForwardedIdentity.ATTRIBUTE);
		if (identity == null) {
			return input;
		}
		HttpHeaders forwarded = new HttpHeaders();
		boolean passClientAuthorization = identity.forwardAuthorization() && identity.cookieAccessToken() == null;
		input.forEach((name, values) -> {
			if (passClientAuthorization || !HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)) {
				forwarded.addAll(name, values);
			}
		});
		if (identity.forwardAuthorization() && identity.cookieAccessToken() != null) {
			forwarded.setBearerAuth(identity.cookieAccessToken());
		}
		IdentityHeaders.add(forwarded, identity.token());
		return forwarded;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

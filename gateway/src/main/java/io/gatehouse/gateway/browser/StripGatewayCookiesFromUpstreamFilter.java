package io.gatehouse.gateway.browser;

import java.util.List;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * An upstream may not set or clear the gateway's own cookies: {@code Set-Cookie} headers of a proxied
 * response naming a {@code __Host-gatehouse-*} cookie are dropped, so a compromised or careless app
 * cannot plant a session (fixation) or sign users out behind the gateway's back.
 */
final class StripGatewayCookiesFromUpstreamFilter implements HttpHeadersFilter, Ordered {

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> setCookies = input.get(HttpHeaders.SET_COOKIE);
		if (setCookies == null || setCookies.stream().noneMatch(StripGatewayCookiesFromUpstreamFilter::isOwn)) {
			return input;
		}
		HttpHeaders filtered = new HttpHeaders();
		input.forEach((name, values) -> {
			if (HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)) {
				values.stream().filter((value) -> !isOwn(value)).forEach((value) -> filtered.add(name, value));
			}
			else {
				filtered.addAll(name, values);
			}
		});
		return filtered;
	}

	private static boolean isOwn(String setCookie) {
		return BrowserCookies.isOwn(setCookie.stripLeading());
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

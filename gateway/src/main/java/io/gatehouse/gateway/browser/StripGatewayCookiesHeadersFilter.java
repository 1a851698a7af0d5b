package io.gatehouse.gateway.browser;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps the gateway's own cookies ({@code __Host-gatehouse-*}: the session's tokens, pending
 * sign-ins) from every upstream, on every route: the proxied request's {@code Cookie} header is
 * rebuilt from the request's parsed cookies without them (left out entirely when none remain). The
 * header is copied only when one of ours is there. An upstream never needs them: it gets the
 * identity in {@code X-Auth-*} and, where the route allows, the access token as a bearer token.
 */
final class StripGatewayCookiesHeadersFilter implements HttpHeadersFilter, Ordered {

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		var cookies = exchange.getRequest().getCookies();
		if (cookies.keySet().stream().noneMatch(BrowserCookies::isOwn) && !mentionsOwn(input.get(HttpHeaders.COOKIE))) {
			return input;
		}
		HttpHeaders forwarded = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!HttpHeaders.COOKIE.equalsIgnoreCase(name)) {
				forwarded.addAll(name, values);
			}
		});
		String kept = cookies.values()
			.stream()
			.flatMap(List::stream)
			.filter((cookie) -> !BrowserCookies.isOwn(cookie.getName()))
			.map(HttpCookie::toString)
			.collect(Collectors.joining("; "));
		if (!kept.isEmpty()) {
			forwarded.set(HttpHeaders.COOKIE, kept);
		}
		return forwarded;
	}

	/** A header naming one of ours in a way the parser skipped (malformed pairs): dropped all the same. */
	private static boolean mentionsOwn(List<String> headers) {
		return headers != null && headers.stream().anyMatch((header) -> header.toLowerCase(java.util.Locale.ROOT)
			.contains(BrowserCookies.PREFIX.toLowerCase(java.util.Locale.ROOT)));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

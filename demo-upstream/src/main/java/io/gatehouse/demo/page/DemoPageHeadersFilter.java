package io.gatehouse.demo.page;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The demo page's security headers, on every answer under {@code /app}: a Content-Security-Policy
 * that allows only the page's own script, stylesheet and same-origin {@code fetch} (no inline
 * script or style anywhere, no framing), {@code nosniff}, and {@code Referrer-Policy: same-origin}.
 */
@Component
public final class DemoPageHeadersFilter implements WebFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/app") || path.startsWith("/app/")) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("Referrer-Policy", "same-origin");
		}
		return chain.filter(exchange);
	}

}

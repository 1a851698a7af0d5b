package io.gatehouse.tokenservice.account;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.gatehouse.tokenservice.loginpage.HtmlPages;

/**
 * Every answer under {@code /account/} carries the account page's security headers
 * ({@link HtmlPages#headers()}), its errors too: an unknown path or a method the path does not take is
 * answered by the service's JSON error handler, which knows nothing of pages. A header the answer
 * already has (a page's own policy) is left as it is.
 */
@Component
final class AccountPageHeadersWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/account") || path.startsWith("/account/")) {
			exchange.getResponse().beforeCommit(() -> {
				HttpHeaders headers = exchange.getResponse().getHeaders();
				HtmlPages.headers().forEach((name, values) -> {
					if (!headers.containsHeader(name)) {
						headers.put(name, values);
					}
				});
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

}

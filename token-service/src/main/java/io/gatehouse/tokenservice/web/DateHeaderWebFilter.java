package io.gatehouse.tokenservice.web;

import java.time.Clock;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every answer carries {@code Date} (RFC 9110 §6.6.1: an origin server with a clock sends it), from
 * the clock tokens are issued by: gateways compare it with their own clock, and their configuration
 * doctor reports a difference beyond half their clock skew. Reactor Netty does not add it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class DateHeaderWebFilter implements WebFilter {

	private final Clock clock;

	DateHeaderWebFilter(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			if (headers.getFirst(HttpHeaders.DATE) == null) {
				headers.setDate(this.clock.millis());
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}

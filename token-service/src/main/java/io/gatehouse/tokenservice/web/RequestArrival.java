package io.gatehouse.tokenservice.web;

import java.time.Clock;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Stamps every request with the instant it reached the service, read once from our {@link Clock}
 * before any other filter or handler runs (and never taken from anything the client sent). Time a
 * request then spends queueing for a database connection, a rotation statement or a session row is
 * after its arrival: a refresh that arrived within the reuse grace is judged as a race, however late
 * it is decided. A request cannot stretch its arrival into the past by sending its body slowly: the
 * token endpoint gives up on a request that is not answered within the store timeout.
 */
@Component
public final class RequestArrival implements WebFilter, Ordered {

	/** Runs first, so nothing another filter does is counted before the arrival. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	private static final String ATTRIBUTE = RequestArrival.class.getName();

	private final Clock clock;

	RequestArrival(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getAttributes().put(ATTRIBUTE, this.clock.instant());
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** When {@code exchange} arrived; {@code clock}'s instant now for an exchange this filter has not seen. */
	public static Instant of(ServerWebExchange exchange, Clock clock) {
		Instant arrival = exchange.getAttribute(ATTRIBUTE);
		return (arrival != null) ? arrival : clock.instant();
	}

}

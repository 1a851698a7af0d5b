package io.gatehouse.gateway.auth;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;

/**
 * What a route checks beyond the token itself: nothing in stateless mode, the revocation feed in
 * hybrid mode, an introspection call in stateful mode. Completes empty when the session may
 * proceed; fails with {@link InvalidTokenException} ({@code revoked}) or
 * {@link UnavailableException} (503) otherwise.
 */
public interface SessionCheck {

	/** Signature and claims only. */
	SessionCheck STATELESS = (token, route) -> Mono.empty();

	Mono<Void> check(ValidatedToken token, Route route);

	/** The check cannot be made now (the token service or the feed is down and the route fails closed). */
	final class UnavailableException extends RuntimeException {

		public UnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}

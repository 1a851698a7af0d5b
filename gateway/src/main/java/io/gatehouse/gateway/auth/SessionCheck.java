package io.gatehouse.gateway.auth;

import reactor.core.publisher.Mono;

import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * What a route checks beyond the token itself: nothing in stateless mode, the revocation feed in
 * hybrid mode, an introspection call in stateful mode. Completes empty when the session may
 * proceed; fails with {@link InvalidTokenException} ({@code revoked}) or
 * {@link UnavailableException} (503) otherwise.
 */
public interface SessionCheck {

	/** Signature and claims only. */
	SessionCheck STATELESS = new SessionCheck() {

		@Override
		public Mono<Void> check(String token, ValidatedToken valid, RoutePolicy policy) {
			return Mono.empty();
		}

		@Override
		public boolean clearsAtOnce(String token, ValidatedToken valid, RoutePolicy policy) {
			return true;
		}

	};

	/**
	 * @param token the access token as presented
	 * @param valid what it says, already verified
	 * @param policy the policy of the route it was presented to
	 */
	Mono<Void> check(String token, ValidatedToken valid, RoutePolicy policy);

	/**
	 * Whether the session may proceed, known without waiting: {@code true} lets the request through
	 * on the calling thread (the usual case of a cached token); {@code false} means "ask
	 * {@link #check}", which gives the refusal or the answer that takes a round trip.
	 */
	default boolean clearsAtOnce(String token, ValidatedToken valid, RoutePolicy policy) {
		return false;
	}

	/** The check cannot be made now (the token service or the feed is down and the route fails closed). */
	final class UnavailableException extends RuntimeException {

		public UnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}

package io.gatehouse.gateway.auth;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * Sessions a browser holds in the gateway's cookie (browser mode), as the authentication filter sees
 * them: the second way into a protected route, beside a bearer token. {@link #NONE} when browser
 * mode is off.
 */
public interface CookieSessions {

	/** Browser mode off: no cookie session is ever found, and requests without credentials get the bearer challenge. */
	CookieSessions NONE = new CookieSessions() {

		@Override
		public boolean carriesSession(ServerHttpRequest request) {
			return false;
		}

		@Override
		public Mono<Authenticated> authenticate(ServerWebExchange exchange, RoutePolicy policy) {
			return Mono.empty();
		}

		@Override
		public Mono<Void> answerWithoutCredentials(ServerWebExchange exchange) {
			return null;
		}

	};

	/** Whether the request carries the session cookie. */
	boolean carriesSession(ServerHttpRequest request);

	/**
	 * The request's cookie session, valid for this route (refreshed first when its access token is
	 * about to expire); completes empty when it has answered the request itself (401 with the reason
	 * the session ended, 403 for a cross-site request, 503 when the token service cannot be asked).
	 */
	Mono<Authenticated> authenticate(ServerWebExchange exchange, RoutePolicy policy);

	/**
	 * The answer to a request with no credentials at all: a redirect to sign in for a page load, or
	 * {@code null} for the usual 401 challenge.
	 */
	Mono<Void> answerWithoutCredentials(ServerWebExchange exchange);

	/**
	 * @param accessToken the access token of the session, forwarded as {@code Authorization: Bearer}
	 * where the route forwards it
	 * @param token what it says, verified
	 */
	record Authenticated(String accessToken, ValidatedToken token) {
	}

}

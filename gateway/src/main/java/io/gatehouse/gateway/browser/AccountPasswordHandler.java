package io.gatehouse.gateway.browser;

import java.net.URI;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * {@code POST /account/password}, the account page's password form ({@code current_password},
 * {@code new_password}): the browser's refresh token lives in the gateway's cookie, so the renewed
 * session a password change answers must come back here, not to the page. The cookie session is
 * checked as on any protected route (the cross-site check first, then the access token, refreshed if
 * due), the token service's {@code POST /auth/password} is called with that access token, and the
 * renewed session's tokens become the new cookie; every other session of the user has ended. The
 * browser is sent back (303) to {@code /account/} saying what happened ({@code done=password_changed},
 * or {@code error=} one of {@code invalid_current_password}, {@code weak_password},
 * {@code too_many_requests}, {@code temporarily_unavailable} (the cookie kept),
 * {@code password_change_failed}); no token ever reaches the page. Without a session cookie it is
 * sent to sign in.
 */
final class AccountPasswordHandler {

	static final String PATH = "/account/password";

	private static final String PAGE = "/account/";

	private static final Map<String, String> ERRORS = Map.of("invalid_current_password", "invalid_current_password",
			"invalid_request", "weak_password", "too_many_requests", "too_many_requests", "temporarily_unavailable",
			"temporarily_unavailable");

	private final CookieSessionAuthentication sessions;

	private final SessionOwnerClient owner;

	AccountPasswordHandler(CookieSessionAuthentication sessions, SessionOwnerClient owner) {
		this.sessions = sessions;
		this.owner = owner;
	}

	Mono<ServerResponse> change(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		if (!SessionCookie.isPresent(exchange.getRequest())) {
			return ServerResponse.status(HttpStatus.SEE_OTHER).location(URI.create("/login?return_to=%2Faccount%2F"))
				.headers(BrowserPages::secure)
				.build();
		}
		return this.sessions.authenticate(exchange, RoutePolicy.CLOSED)
			.flatMap((session) -> request.formData().flatMap((form) -> change(exchange, session.accessToken(), form)));
	}

	private Mono<ServerResponse> change(ServerWebExchange exchange, String accessToken,
			MultiValueMap<String, String> form) {
		String current = single(form, "current_password");
		String replacement = single(form, "new_password");
		if (current == null || replacement == null) {
			return back("error=password_change_failed");
		}
		return this.owner.changePassword(accessToken, current, replacement, this.sessions.caller(exchange))
			.flatMap((outcome) -> {
				if (outcome instanceof SessionOwnerClient.PasswordOutcome.Changed changed) {
					this.sessions.setCookie(exchange, changed.tokens());
					return back("done=password_changed");
				}
				if (outcome instanceof SessionOwnerClient.PasswordOutcome.Refused refused) {
					return back("error=" + ERRORS.getOrDefault(refused.error(), "password_change_failed"));
				}
				return back("error=temporarily_unavailable");
			});
	}

	private static Mono<ServerResponse> back(String query) {
		return ServerResponse.status(HttpStatus.SEE_OTHER)
			.location(URI.create(PAGE + "?" + query))
			.headers(BrowserPages::secure)
			.build();
	}

	private static String single(MultiValueMap<String, String> form, String name) {
		List<String> values = form.get(name);
		return (values != null && values.size() == 1 && !values.get(0).isEmpty()) ? values.get(0) : null;
	}

}

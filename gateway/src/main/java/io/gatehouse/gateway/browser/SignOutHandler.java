package io.gatehouse.gateway.browser;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * {@code POST /logout} (never {@code GET}: a link or an image must not sign anyone out): the session
 * is revoked at the token service (RFC 7009; the whole session ends with {@code revoked_logout},
 * and the revocation feed tells every gateway), then the cookies are cleared with the attributes they
 * were set with, and {@code Clear-Site-Data: "cookies"} asks the browser to drop the rest. A form
 * (a navigation) is redirected (303) to {@code after-logout}; a {@code fetch} gets
 * {@code {"signed_out":true}}. Cross-site posts are refused like any unsafe request with the cookie.
 * When the token service cannot be asked the answer is 503 and the cookie is kept — the user is still
 * signed in, and is told so, rather than seeing a sign-out that left the session alive. A form with
 * {@code everywhere=true} (the account page's "Sign out everywhere") ends every session of the user
 * ({@code revoked_logout_all}) before clearing the cookie.
 */
final class SignOutHandler {

	/** The form field of a sign-out from every device: {@code everywhere=true}. */
	static final String EVERYWHERE = "everywhere";

	private final BrowserSignOuts signOuts;

	private final CookieSessionAuthentication sessions;

	private final BrowserTokenClient tokens;

	private final EdgeRefresh refresh;

	private final BrowserAnswers answers;

	private final CrossSiteRequestCheck crossSite;

	private final BrowserProperties properties;

	private final SessionOwnerClient owner;

	SignOutHandler(CookieSessionAuthentication sessions, BrowserTokenClient tokens, EdgeRefresh refresh,
			BrowserAnswers answers, BrowserProperties properties, SessionOwnerClient owner, BrowserSignOuts signOuts) {
		this.owner = owner;
		this.signOuts = signOuts;
		this.sessions = sessions;
		this.tokens = tokens;
		this.refresh = refresh;
		this.answers = answers;
		this.crossSite = new CrossSiteRequestCheck(properties);
		this.properties = properties;
	}

	Mono<ServerResponse> logout(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		if (SessionCookie.isPresent(exchange.getRequest()) && NavigationRequests.isFormNavigation(exchange.getRequest())) {
			return request.formData().flatMap((form) -> "true".equals(form.getFirst(EVERYWHERE))
					? logoutEverywhere(request) : logoutHere(request));
		}
		return logoutHere(request);
	}

	/**
	 * Every session of the user ends ({@code revoked_logout_all}), this one too, through the token
	 * service's {@code DELETE /auth/sessions} with the cookie session's access token (checked and
	 * refreshed as on a protected route, the cross-site check first); then the cookie is cleared.
	 */
	private Mono<ServerResponse> logoutEverywhere(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		String refreshToken = SessionCookie.find(exchange.getRequest()) instanceof SessionCookie.Found.Present present
				? present.cookie().refreshToken() : null;
		return this.sessions.authenticate(exchange, RoutePolicy.CLOSED)
			.flatMap((session) -> this.owner.endAllSessions(session.accessToken(), this.sessions.caller(exchange)))
			.flatMap((ended) -> ended ? counted(request, refreshToken, "revoked_logout_all", Mono.just(true))
					: stillSignedIn(exchange));
	}

	private Mono<ServerResponse> logoutHere(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		SessionCookie.Found found = SessionCookie.find(exchange.getRequest());
		if (found instanceof SessionCookie.Found.Present present) {
			String refusal = this.crossSite.refusal(exchange.getRequest());
			if (refusal != null) {
				return this.answers.crossSite(exchange, refusal).then(Mono.empty());
			}
			TokenSet successor = this.refresh.successorOf(present.cookie().refreshToken());
			String refreshToken = (successor != null) ? successor.refreshToken() : present.cookie().refreshToken();
			return this.tokens.revoke(refreshToken, this.sessions.caller(exchange))
				.flatMap((ended) -> ended ? counted(request, refreshToken, "revoked_logout",
						this.sessions.wroteCookie(present.cookie())) : stillSignedIn(exchange));
		}
		return signedOut(request);
	}

	/**
	 * Signed out, and counted when {@code ours} (the cookie's access token is one the token service
	 * signed): RFC 7009 answers 200 for any token, so the revocation's answer alone proves nothing.
	 */
	private Mono<ServerResponse> counted(ServerRequest request, String refreshToken, String reason, Mono<Boolean> ours) {
		return ours.doOnNext((wrote) -> {
			if (wrote && refreshToken != null) {
				this.signOuts.seen(refreshToken, reason);
			}
		}).then(signedOut(request));
	}

	private Mono<ServerResponse> signedOut(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		BrowserCookies.clearSession(exchange.getResponse(), this.properties);
		exchange.getResponse().addCookie(BrowserCookies.cleared(PendingLogins.NAME, this.properties));
		if (NavigationRequests.isFormNavigation(exchange.getRequest())) {
			return ServerResponse.status(HttpStatus.SEE_OTHER)
				.location(URI.create(this.properties.afterLogout()))
				.header("Clear-Site-Data", "\"cookies\"")
				.headers(BrowserPages::secure)
				.build();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("signed_out", true);
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header("Clear-Site-Data", "\"cookies\"")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.bodyValue(body);
	}

	private Mono<ServerResponse> stillSignedIn(ServerWebExchange exchange) {
		return this.answers.unavailable(exchange, "the session could not be ended at the token service, so you are "
				+ "still signed in").then(Mono.empty());
	}

}

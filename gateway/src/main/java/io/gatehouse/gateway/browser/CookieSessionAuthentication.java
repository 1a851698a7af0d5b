package io.gatehouse.gateway.browser;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.auth.AccessTokenValidator;
import io.gatehouse.gateway.auth.CookieSessions;
import io.gatehouse.gateway.auth.InvalidTokenException;
import io.gatehouse.gateway.auth.InvalidTokenReason;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.auth.ValidatedToken;
import io.gatehouse.gateway.clientaddress.ClientAddressResolver;
import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * Cookie sessions on protected routes: the cross-site check for unsafe methods, then the cookie's
 * access token validated exactly as a bearer token is (signature, claims, the route's session mode),
 * refreshed at the edge first when it has expired or expires within {@code refresh-lead-time}
 * ({@link EdgeRefresh}: once per session per replica), the new cookie set on the response. A
 * session the token service says has ended is answered with its reason and the cookie cleared; one
 * the feed or introspection says is revoked is refreshed once to learn why (the refresh is refused
 * with the reason). Every answer to a cookie session varies by {@code Origin},
 * {@code Sec-Fetch-Site} and {@code Cookie}, and is private to the browser ({@link SharedCaches}). Rejections are counted in {@code gatehouse.gateway.browser.rejected{reason}}.
 */
final class CookieSessionAuthentication implements CookieSessions {

	private final AccessTokenValidator validator;

	private final SessionCheck sessionCheck;

	private final EdgeRefresh refresh;

	private final CrossSiteRequestCheck crossSite;

	private final BrowserAnswers answers;

	private final ClientAddressResolver addresses;

	private final BrowserProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	CookieSessionAuthentication(AccessTokenValidator validator, SessionCheck sessionCheck, EdgeRefresh refresh,
			BrowserAnswers answers, ClientAddressResolver addresses, BrowserProperties properties, MeterRegistry meters,
			Clock clock) {
		this.validator = validator;
		this.sessionCheck = sessionCheck;
		this.refresh = refresh;
		this.crossSite = new CrossSiteRequestCheck(properties);
		this.answers = answers;
		this.addresses = addresses;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		// Every series from startup, so a dashboard's rate() sees the first rejection too.
		for (String reason : new String[] { "csrf_refused", "session_ended", "unavailable" }) {
			this.meters.counter("gatehouse.gateway.browser.rejected", "reason", reason);
		}
	}

	@Override
	public boolean carriesSession(ServerHttpRequest request) {
		return SessionCookie.isPresent(request);
	}

	@Override
	public Mono<Authenticated> authenticate(ServerWebExchange exchange, RoutePolicy policy) {
		varyBySite(exchange.getResponse());
		SharedCaches.keepPrivate(exchange.getResponse());
		String refusal = this.crossSite.refusal(exchange.getRequest());
		if (refusal != null) {
			count("csrf_refused");
			return this.answers.crossSite(exchange, refusal).then(Mono.empty());
		}
		return resolve(exchange, policy).flatMap((state) -> {
			if (state instanceof SessionState.Live live) {
				return Mono.just(new Authenticated(live.accessToken(), live.token()));
			}
			if (state instanceof SessionState.Ended ended) {
				count("session_ended");
				return this.answers.ended(exchange, ended.reason()).then(Mono.empty());
			}
			count("unavailable");
			return this.answers.unavailable(exchange, ((SessionState.Unavailable) state).description()).then(Mono.empty());
		});
	}

	@Override
	public Mono<Void> answerWithoutCredentials(ServerWebExchange exchange) {
		return NavigationRequests.isNavigation(exchange.getRequest()) ? this.answers.signIn(exchange) : null;
	}

	/**
	 * The request's cookie session for a route of this policy, refreshed when needed (the new cookie
	 * already set on the response). {@link SessionState.None} without a cookie.
	 */
	Mono<SessionState> resolve(ServerWebExchange exchange, RoutePolicy policy) {
		SessionCookie.Found found = SessionCookie.find(exchange.getRequest());
		if (found instanceof SessionCookie.Found.None) {
			return Mono.just(new SessionState.None());
		}
		if (found instanceof SessionCookie.Found.Malformed) {
			return Mono.just(new SessionState.Ended("invalid_cookie"));
		}
		SessionCookie cookie = ((SessionCookie.Found.Present) found).cookie();
		TokenSet successor = this.refresh.successorOf(cookie.refreshToken());
		if (successor != null) {
			// Another request of this browser already refreshed here: its tokens, not a second rotation.
			setCookie(exchange, successor);
			cookie = successor.cookie();
		}
		String access = cookie.accessToken();
		// Tokens just renewed are used as they are: a second refresh could not make them fresher.
		boolean renewed = successor != null;
		ValidatedToken known = this.validator.validNowIfVerified(access);
		if (known != null && (renewed || !dueForRefresh(known)) && this.sessionCheck.clearsAtOnce(access, known, policy)) {
			return Mono.just(new SessionState.Live(access, known));
		}
		SessionCookie current = cookie;
		return this.validator.validate(access)
			.flatMap((valid) -> (!renewed && dueForRefresh(valid)) ? refreshed(exchange, current, policy)
					: checked(access, valid, policy))
			.onErrorResume(InvalidTokenException.class, (ex) -> worthRefreshing(ex.reason())
					? refreshed(exchange, current, policy)
					// A token the gateway never issued (forged, tampered): no call to the token service for it.
					: Mono.just(new SessionState.Ended("invalid_cookie")))
			.onErrorResume(SessionCheck.UnavailableException.class,
					(ex) -> Mono.just(new SessionState.Unavailable(ex.getMessage())));
	}

	/**
	 * Whether the cookie's access token is one this gateway's token service signed: its signature
	 * verified with a known key (valid now, expired or not yet valid), as opposed to a made-up or
	 * tampered cookie.
	 */
	Mono<Boolean> wroteCookie(SessionCookie cookie) {
		return this.validator.validate(cookie.accessToken())
			.thenReturn(true)
			.onErrorResume(InvalidTokenException.class, (ex) -> Mono.just(ex.reason() == InvalidTokenReason.EXPIRED
					|| ex.reason() == InvalidTokenReason.NOT_YET_VALID));
	}

	/** The session check of the route on a valid access token; a revoked session is asked about once more. */
	private Mono<SessionState> checked(String access, ValidatedToken valid, RoutePolicy policy) {
		return this.sessionCheck.check(access, valid, policy).thenReturn((SessionState) new SessionState.Live(access, valid));
	}

	private Mono<SessionState> refreshed(ServerWebExchange exchange, SessionCookie cookie, RoutePolicy policy) {
		return this.refresh.refresh(cookie.refreshToken(), caller(exchange)).flatMap((outcome) -> {
			if (outcome instanceof TokenOutcome.Refused refused) {
				return Mono.just(new SessionState.Ended(refused.reason()));
			}
			if (outcome instanceof TokenOutcome.Unavailable unavailable) {
				return Mono.just(new SessionState.Unavailable(unavailable.description()));
			}
			TokenSet tokens = ((TokenOutcome.Granted) outcome).tokens();
			setCookie(exchange, tokens);
			return this.validator.validate(tokens.accessToken())
				.flatMap((valid) -> checked(tokens.accessToken(), valid, policy))
				.onErrorResume(InvalidTokenException.class, (ex) -> Mono.just(ex.reason() == InvalidTokenReason.REVOKED
						? new SessionState.Ended("revoked")
						: new SessionState.Unavailable("the renewed session cannot be verified yet (" + ex.reason().code() + ")")));
		});
	}

	BrowserTokenClient.Caller caller(ServerWebExchange exchange) {
		return new BrowserTokenClient.Caller(this.addresses.resolve(exchange),
				exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT));
	}

	/** The renewed session's cookie on this response, replacing any set before; never cached. */
	void setCookie(ServerWebExchange exchange, TokenSet tokens) {
		ServerHttpResponse response = exchange.getResponse();
		response.getCookies().set(SessionCookie.NAME, tokens.cookie().toCookie(tokens.sessionLifetime(), this.properties));
		BrowserCookies.noStore(response);
	}

	/**
	 * An expired token is refreshed; a revoked one once, to learn why; one that is not yet valid or
	 * signed by a key not fetched yet may be ours. Anything else (bad signature, malformed, another
	 * issuer or audience) was never written by this gateway, and costs the token service nothing.
	 */
	private static boolean worthRefreshing(InvalidTokenReason reason) {
		return reason == InvalidTokenReason.EXPIRED || reason == InvalidTokenReason.REVOKED
				|| reason == InvalidTokenReason.NOT_YET_VALID || reason == InvalidTokenReason.UNKNOWN_KEY;
	}

	private boolean dueForRefresh(ValidatedToken token) {
		return !token.expiresAt().minus(this.properties.refreshLeadTime()).isAfter(this.clock.instant());
	}

	private static void varyBySite(ServerHttpResponse response) {
		response.beforeCommit(() -> {
			response.getHeaders().addAll(HttpHeaders.VARY, java.util.List.of(HttpHeaders.ORIGIN, CrossSiteRequestCheck.FETCH_SITE));
			return Mono.empty();
		});
	}

	private void count(String reason) {
		this.meters.counter("gatehouse.gateway.browser.rejected", "reason", reason).increment();
	}

}

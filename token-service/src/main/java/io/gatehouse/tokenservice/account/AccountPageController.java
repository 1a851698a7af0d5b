package io.gatehouse.tokenservice.account;

import java.util.Locale;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.loginpage.HtmlPages;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionIds;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.OAuthErrorException;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The user's account page, {@code GET /account/}: "signed in now" (every live session with its
 * device, app, address, dates, when and why it will end, "this device" marked), "recently ended"
 * (each with the reason in words), each session's timeline, and the actions as HTML forms: sign out
 * one session ({@code POST /account/sessions/{id}/end}, {@code revoked_logout}), sign out everywhere
 * else ({@code POST /account/sessions/end-others}, {@code revoked_logout_all}); each answers 303 back
 * to the page with what it did. Sign out everywhere and the password change are the gateway's
 * ({@code POST /logout} with {@code everywhere=true}, {@code POST /account/password}), since they
 * change the browser's cookie. It is meant to be reached through the gateway's browser mode, which
 * forwards the cookie session's access token and refuses cross-site posts; here it takes the bearer
 * token like every {@code /auth/sessions} endpoint. Rendered with the login page's headers (no
 * script, no framing, no referrer, no caching).
 */
@Controller
final class AccountPageController {

	static final String VIEW = "account";

	/** What {@code done} may say; anything else is not shown. */
	private static final Set<String> DONE = Set.of("signed_out_session", "signed_out_others", "password_changed");

	/** Which errors the gateway's password change may report through {@code error}. */
	private static final Set<String> ERRORS = Set.of("invalid_current_password", "weak_password", "too_many_requests",
			"temporarily_unavailable", "password_change_failed");

	private final AccountSessions sessions;

	private final SessionService sessionService;

	private final UserService users;

	private final AccountWords words;

	private final SessionProperties sessionProperties;

	AccountPageController(AccountSessions sessions, SessionService sessionService, UserService users,
			AccountWords words, SessionProperties sessionProperties) {
		this.sessions = sessions;
		this.sessionService = sessionService;
		this.users = users;
		this.words = words;
		this.sessionProperties = sessionProperties;
	}

	@GetMapping({ "/account", "/account/" })
	Mono<Rendering> page(VerifiedAccessToken caller, @RequestParam(required = false) String done,
			@RequestParam(required = false) String error, ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		Locale reader = (locale != null) ? locale : Locale.ENGLISH;
		return this.users.findById(caller.userId())
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("unknown user").exception()))
			.flatMap((user) -> this.sessions.of(user.id(), caller.sessionId(), reader, null)
				.map((listed) -> page(user, caller, listed, reader, done, error)))
			.onErrorResume(OAuthErrorException.class, (ex) -> Mono.just(problem(ex)));
	}

	@PostMapping("/account/sessions/{id}/end")
	Mono<Rendering> endOne(VerifiedAccessToken caller, @PathVariable String id, ServerWebExchange exchange) {
		return Mono.defer(() -> this.sessionService.find(SessionIds.parse(id)))
			.filter((session) -> session.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such session").exception()))
			.flatMap((session) -> this.sessionService.end(session, SessionEndReason.REVOKED_LOGOUT, origin(caller, exchange),
					"ended from the account page"))
			.thenReturn(back("done=signed_out_session"))
			.onErrorResume(OAuthErrorException.class, (ex) -> Mono.just(problem(ex)));
	}

	@PostMapping("/account/sessions/end-others")
	Mono<Rendering> endOthers(VerifiedAccessToken caller, ServerWebExchange exchange) {
		return this.sessionService
			.endAllSessionsOf(caller.userId(), caller.sessionId(), SessionEndReason.REVOKED_LOGOUT_ALL,
					origin(caller, exchange), "ended from the account page")
			.thenReturn(back("done=signed_out_others"))
			.onErrorResume(OAuthErrorException.class, (ex) -> Mono.just(problem(ex)));
	}

	private Rendering page(User user, VerifiedAccessToken caller, AccountSessions.Listed listed, Locale locale,
			String done, String error) {
		String notice = (done != null && DONE.contains(done)) ? this.words.text(locale, "account.done." + done) : null;
		String alert = (error != null && ERRORS.contains(error)) ? this.words.text(locale, "account.error." + error)
				: null;
		return Rendering.view(VIEW)
			.modelAttribute("username", user.username())
			.modelAttribute("live", listed.live())
			.modelAttribute("ended", listed.ended())
			.modelAttribute("retention", this.words.duration(locale, this.sessionProperties.endedRetention().toSeconds()))
			.modelAttribute("notice", notice)
			.modelAttribute("alert", alert)
			.modelAttribute("admin", caller.hasRole(User.ADMIN_ROLE))
			.status(HttpStatus.OK)
			.headers(HtmlPages.headers())
			.build();
	}

	/** 303 back to the page (through the gateway, the same path), saying what happened. */
	static Rendering back(String query) {
		return Rendering.redirectTo("/account/?" + query).headers(HtmlPages.headers()).build();
	}

	/** An error of the page or of its input, as a page with the error's status: never a 500. */
	static Rendering problem(OAuthErrorException ex) {
		OAuthError error = ex.error();
		return HtmlPages.message(error.status(), error.error(), error.description());
	}

	private static RequestOrigin origin(VerifiedAccessToken caller, ServerWebExchange exchange) {
		return RequestOrigin.of(exchange).by(caller.userId(), caller.sessionId());
	}

}

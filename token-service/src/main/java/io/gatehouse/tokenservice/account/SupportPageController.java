package io.gatehouse.tokenservice.account;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.admin.UserAdministration;
import io.gatehouse.tokenservice.loginpage.HtmlPages;
import io.gatehouse.tokenservice.session.SessionIds;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.FormBodies;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.OAuthErrorException;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The support view, {@code GET /account/admin?username=…}, for the role {@code admin} (anyone else
 * gets a 403 page): find a user, see their live and recently ended sessions with the same
 * explanations and timelines as their own page (plus each entry's recorded detail), and end one
 * session ({@code POST /account/admin/sessions/end} with {@code username} and {@code session}):
 * {@code revoked_admin} with the administrator's id on the end event, and {@code session_ended} in
 * {@code admin_actions} ({@link UserAdministration#endSession}). Every sentence about the user's
 * sessions is in the third person ("alice signed out."). A username that cannot be one (over 100
 * characters, a control character) is 400 with the form and a message. The login page's headers.
 */
@Controller
final class SupportPageController {

	static final String VIEW = "account-admin";

	private static final int MAX_USERNAME = 100;

	private final AccountSessions sessions;

	private final UserService users;

	private final UserAdministration administration;

	private final AccountWords words;

	private final SessionProperties sessionProperties;

	SupportPageController(AccountSessions sessions, UserService users, UserAdministration administration,
			AccountWords words, SessionProperties sessionProperties) {
		this.sessionProperties = sessionProperties;
		this.sessions = sessions;
		this.users = users;
		this.administration = administration;
		this.words = words;
	}

	@GetMapping("/account/admin")
	Mono<Rendering> page(VerifiedAccessToken caller, @RequestParam(required = false) String username,
			@RequestParam(required = false) String done, ServerWebExchange exchange) {
		Locale locale = locale(exchange);
		if (!caller.hasRole(User.ADMIN_ROLE)) {
			return Mono.just(forbidden(locale));
		}
		String wanted = (username != null) ? username.strip() : "";
		if (wanted.isEmpty()) {
			return Mono.just(page(locale, wanted, null, null, null).build());
		}
		if (!couldBeAUsername(wanted)) {
			return Mono.just(page(locale, "", null, null, null)
				.modelAttribute("missing", this.words.text(locale, "admin.invalidUser", MAX_USERNAME))
				.status(HttpStatus.BAD_REQUEST)
				.build());
		}
		String notice = "session_ended".equals(done) ? this.words.text(locale, "admin.ended.done") : null;
		return this.users.findByUsername(wanted)
			.flatMap((user) -> this.sessions.of(user.id(), caller.sessionId(), locale, user.username())
				.map((listed) -> page(locale, wanted, user, listed, notice).build()))
			.switchIfEmpty(Mono.fromSupplier(() -> page(locale, wanted, null, null, null)
				.modelAttribute("missing", this.words.text(locale, "admin.noUser", wanted))
				.status(HttpStatus.NOT_FOUND)
				.build()))
			.onErrorResume(OAuthErrorException.class, (ex) -> Mono.just(problem(ex)));
	}

	@PostMapping("/account/admin/sessions/end")
	Mono<Rendering> endSession(VerifiedAccessToken caller, ServerWebExchange exchange) {
		if (!caller.hasRole(User.ADMIN_ROLE)) {
			return Mono.just(forbidden(locale(exchange)));
		}
		return FormBodies.read(exchange)
			.flatMap((form) -> end(caller, form, exchange))
			.onErrorResume(OAuthErrorException.class, (ex) -> Mono.just(problem(ex)));
	}

	private Mono<Rendering> end(VerifiedAccessToken caller, MultiValueMap<String, String> form, ServerWebExchange exchange) {
		String username = single(form, "username");
		String session = single(form, "session");
		if (username == null || session == null || username.length() > MAX_USERNAME) {
			return Mono.error(OAuthError.invalidRequest("username and session are required, once each").exception());
		}
		return Mono.defer(() -> this.administration.endSession(caller, username, SessionIds.parse(session),
				RequestOrigin.of(exchange)))
			.thenReturn(Rendering.redirectTo(UriComponentsBuilder.fromPath("/account/admin")
				.queryParam("username", username)
				.queryParam("done", "session_ended")
				.encode()
				.build()
				.toUriString()).headers(HtmlPages.headers()).build());
	}

	private Rendering.Builder<?> page(Locale locale, String wanted, User user, AccountSessions.Listed listed,
			String notice) {
		return Rendering.view(VIEW)
			.modelAttribute("wanted", wanted)
			.modelAttribute("user", (user != null) ? user.username() : null)
			.modelAttribute("live", (listed != null) ? listed.live() : List.of())
			.modelAttribute("ended", (listed != null) ? listed.ended() : List.of())
			.modelAttribute("notice", notice)
			.modelAttribute("retention", this.words.duration(locale, this.sessionProperties.endedRetention().toSeconds()))
			.status(HttpStatus.OK)
			.headers(HtmlPages.headers());
	}

	private Rendering forbidden(Locale locale) {
		return HtmlPages.message(HttpStatus.FORBIDDEN, this.words.text(locale, "admin.forbidden.title"),
				this.words.text(locale, "admin.forbidden.message"));
	}

	private static Rendering problem(OAuthErrorException ex) {
		return AccountPageController.problem(ex);
	}

	/**
	 * Whether {@code wanted} may name a user at all: at most {@value #MAX_USERNAME} characters and no
	 * control character (a NUL, a line break). Anything else is looked up, and may name no one.
	 */
	static boolean couldBeAUsername(String wanted) {
		return wanted.length() <= MAX_USERNAME && wanted.chars().noneMatch(Character::isISOControl);
	}

	private static String single(MultiValueMap<String, String> form, String name) {
		List<String> values = form.get(name);
		return (values != null && values.size() == 1 && !values.get(0).isBlank()) ? values.get(0).trim() : null;
	}

	static Locale locale(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return (locale != null) ? locale : Locale.ENGLISH;
	}

}

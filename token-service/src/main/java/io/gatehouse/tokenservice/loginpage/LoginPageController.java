package io.gatehouse.tokenservice.loginpage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.audit.LoginFailures;
import io.gatehouse.tokenservice.authorization.AuthorizationCodes;
import io.gatehouse.tokenservice.authorization.AuthorizationRequest;
import io.gatehouse.tokenservice.authorization.AuthorizationResponse;
import io.gatehouse.tokenservice.authorization.AuthorizationStore;
import io.gatehouse.tokenservice.authorization.BrowserBinding;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RedirectUris;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.user.PasswordLength;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.DatabaseFailures;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The hosted login page, {@code GET /signin?request=…}, and its form, {@code POST /signin}: server
 * rendered (Thymeleaf), no script, labelled fields, the failure announced in a {@code role="alert"}
 * element, the client's display name in the heading. The form is bound to its stored authorization
 * request (the {@code request} field) and to the browser that started it ({@link BrowserBinding}
 * cookie: CSRF). The password check is {@code /auth/login}'s: one Argon2id verification, the same
 * answer for an unknown user and a wrong password, every failure recorded in {@code login_failures};
 * the gateway applies {@code /auth/login}'s attempt limits to {@code POST /signin}, reading the
 * form as strictly as this controller does (one value per field). On success the request is
 * completed, a code issued, and the browser redirected (303) to the client with {@code code},
 * {@code state} and {@code iss}.
 */
@Controller
final class LoginPageController {

	static final String FAILED = "Unknown username or wrong password";

	private static final String EXPIRED = "This sign-in has expired or was already completed. "
			+ "Go back to the application and sign in again.";

	private final AuthorizationStore store;

	private final AuthorizationCodes codes;

	private final BrowserBinding binding;

	private final ClientRegistry clients;

	private final UserService users;

	private final LoginFailures failures;

	private final String issuer;

	private final Clock clock;

	LoginPageController(AuthorizationStore store, AuthorizationCodes codes, BrowserBinding binding,
			ClientRegistry clients, UserService users, LoginFailures failures, GatehouseProperties properties,
			Clock clock) {
		this.store = store;
		this.codes = codes;
		this.binding = binding;
		this.clients = clients;
		this.users = users;
		this.failures = failures;
		this.issuer = properties.issuerString();
		this.clock = clock;
	}

	@GetMapping("/signin")
	Mono<Rendering> page(@RequestParam(name = "request", required = false) List<String> request) {
		String id = (request != null && request.size() == 1) ? request.get(0) : null;
		return openRequest(id).map((open) -> form(open, open.request().loginHint(), null, HttpStatus.OK))
			.defaultIfEmpty(expired())
			.onErrorResume(DatabaseFailures::isUnavailable, (ex) -> Mono.just(HtmlPages.unavailable()));
	}

	@PostMapping(path = "/signin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<Rendering> signIn(ServerWebExchange exchange) {
		return HtmlPages.withForm(exchange, (form) -> signIn(exchange, form))
			.onErrorResume(DatabaseFailures::isUnavailable, (ex) -> Mono.just(HtmlPages.unavailable()));
	}

	private Mono<Rendering> signIn(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		if (isRepeated(form, "request") || isRepeated(form, "username") || isRepeated(form, "password")) {
			return Mono.just(HtmlPages.message(HttpStatus.BAD_REQUEST, "Sign-in failed",
					"The sign-in form was malformed. Go back to the application and sign in again."));
		}
		String username = value(form, "username");
		String password = value(form, "password");
		Instant authTime = this.clock.instant();
		return openRequest(value(form, "request")).flatMap((open) -> {
			if (!this.binding.matches(exchange.getRequest(), open.request().browserHash())) {
				return Mono.just(HtmlPages.message(HttpStatus.BAD_REQUEST, "Sign-in failed",
						"This sign-in was started in another browser, or cookies are blocked. "
								+ "Go back to the application and sign in again."));
			}
			return check(username, password).flatMap((check) -> check.succeeded()
					? succeeded(open, check.user(), authTime)
					: failed(open, check, username, RequestOrigin.of(exchange)));
		}).defaultIfEmpty(expired());
	}

	/** {@code /auth/login}'s check; a password no user can have gets the same answer without the work. */
	private Mono<UserService.LoginCheck> check(String username, String password) {
		if (username.isEmpty() || password.isEmpty() || username.length() > 100 || PasswordLength.isTooLong(password)) {
			return Mono.just(new UserService.LoginCheck(null, false));
		}
		return this.users.check(username, password);
	}

	private Mono<Rendering> succeeded(OpenRequest open, User user, Instant authTime) {
		AuthorizationRequest request = open.request();
		return this.codes.issue(request, user, authTime)
			.map((code) -> AuthorizationResponse.success(request.redirectUri(), code, request.state(), this.issuer));
	}

	private Mono<Rendering> failed(OpenRequest open, UserService.LoginCheck check, String username,
			RequestOrigin origin) {
		return this.failures.record(this.clock.instant(), check, open.client().id(), origin)
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.fromSupplier(() -> form(open, username, FAILED, HttpStatus.BAD_REQUEST)));
	}

	private Mono<OpenRequest> openRequest(String id) {
		if (id == null || id.length() > 64) {
			return Mono.empty();
		}
		return this.store.findRequest(id)
			.filter((request) -> request.isOpenAt(this.clock.instant()))
			.flatMap((request) -> Mono.justOrEmpty(this.clients.find(request.clientId()))
				.map((client) -> new OpenRequest(request, client)));
	}

	private static Rendering form(OpenRequest open, String username, String error, HttpStatus status) {
		return Rendering.view("login")
			.modelAttribute("appName", open.client().displayName())
			.modelAttribute("requestId", open.request().id())
			.modelAttribute("username", (username != null) ? username : "")
			.modelAttribute("error", error)
			.status(status)
			.headers(HtmlPages.headers(RedirectUris.cspSource(open.request().redirectUri())))
			.build();
	}

	private static Rendering expired() {
		return HtmlPages.message(HttpStatus.BAD_REQUEST, "Sign-in expired", EXPIRED);
	}

	private static boolean isRepeated(MultiValueMap<String, String> form, String name) {
		List<String> values = form.get(name);
		return values != null && values.size() > 1;
	}

	private static String value(MultiValueMap<String, String> form, String name) {
		String value = form.getFirst(name);
		return (value != null) ? value : "";
	}

	private record OpenRequest(AuthorizationRequest request, RegisteredClient client) {
	}

}

package io.gatehouse.tokenservice.authorization;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.GrantType;
import io.gatehouse.tokenservice.client.RedirectUris;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.loginpage.HtmlPages;
import io.gatehouse.tokenservice.web.DatabaseFailures;

/**
 * The authorization endpoint, {@code GET} (and, as OpenID Connect Core §3.1.2.1 requires,
 * form-encoded {@code POST}) {@code /oauth2/authorize}: RFC 6749 §4.1.1 as OAuth 2.1 profiles it.
 * An unknown {@code client_id}, or a {@code redirect_uri} that is missing or not registered for the
 * client ({@link RedirectUris}: exact, loopback on any port for public clients), is answered with an HTML page and
 * never a redirect, so the endpoint is no open redirector. Every other problem redirects to the
 * client with {@code error}, {@code error_description}, {@code state} and {@code iss}: a
 * {@code response_type} other than {@code code}, a client without the {@code authorization_code}
 * grant, a missing {@code code_challenge} or any method but {@code S256} (PKCE for every client,
 * {@code plain} refused), a scope the client is not allowed, {@code prompt=none} (there is no
 * sign-in to reuse), a repeated parameter. A valid request is stored ({@link AuthorizationStore}),
 * bound to the browser by a cookie, and the browser sent on to the login page.
 */
@Controller
final class AuthorizeEndpoint {

	/** An S256 challenge: base64url of a SHA-256, 43 characters (RFC 7636 §4.2). */
	private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final int MAX_STATE = 1000;

	private static final Set<String> OPENID_SCOPES = Set.of("openid", "profile");

	private static final SecureRandom random = new SecureRandom();

	private final ClientRegistry clients;

	private final AuthorizationStore store;

	private final AuthorizationProperties properties;

	private final BrowserBinding binding;

	private final String issuer;

	private final Clock clock;

	AuthorizeEndpoint(ClientRegistry clients, AuthorizationStore store, AuthorizationProperties properties,
			BrowserBinding binding, GatehouseProperties gatehouse, Clock clock) {
		this.clients = clients;
		this.store = store;
		this.properties = properties;
		this.binding = binding;
		this.issuer = gatehouse.issuerString();
		this.clock = clock;
	}

	@GetMapping("/oauth2/authorize")
	Mono<Rendering> authorize(ServerWebExchange exchange) {
		return authorize(exchange, exchange.getRequest().getQueryParams());
	}

	@PostMapping(path = "/oauth2/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<Rendering> authorizeByPost(ServerWebExchange exchange) {
		return HtmlPages.withForm(exchange, (form) -> authorize(exchange, form));
	}

	private Mono<Rendering> authorize(ServerWebExchange exchange, MultiValueMap<String, String> parameters) {
		Parameters params = new Parameters(parameters);
		RegisteredClient client = params.isRepeated("client_id") ? null
				: this.clients.find(params.get("client_id")).orElse(null);
		if (client == null) {
			return Mono.just(HtmlPages.message(HttpStatus.BAD_REQUEST, "Unknown application",
					"The application that sent you here is not known to this sign-in service (client_id). "
							+ "Go back to the application and try again."));
		}
		String redirectUri = params.get("redirect_uri");
		if (params.isRepeated("redirect_uri") || !RedirectUris.matches(client, redirectUri)) {
			return Mono.just(HtmlPages.message(HttpStatus.BAD_REQUEST, "Invalid redirect",
					"The application did not send a redirect_uri registered for " + client.displayName()
							+ ", so you cannot be sent back to it. Contact the application's developers."));
		}
		// A state too long to keep is not echoed either: it could make the redirect's Location header too
		// large for a proxy to read (the error says why instead).
		String state = (params.isRepeated("state") || tooLong(params.get("state"))) ? null : params.get("state");
		String problem = problem(params, client);
		if (problem != null) {
			String error = problem.substring(0, problem.indexOf(' '));
			return Mono.just(AuthorizationResponse.error(redirectUri, error, problem.substring(error.length() + 1),
					state, this.issuer));
		}
		return start(exchange, client, redirectUri, state, params);
	}

	/** {@code "<error> <description>"} for the first problem of the request, or {@code null}. */
	private static String problem(Parameters params, RegisteredClient client) {
		for (String name : List.of("response_type", "state", "code_challenge", "code_challenge_method", "scope", "nonce",
				"prompt", "login_hint")) {
			if (params.isRepeated(name)) {
				return "invalid_request " + name + " is repeated";
			}
		}
		String responseType = params.get("response_type");
		if (responseType == null) {
			return "invalid_request response_type is required";
		}
		if (!"code".equals(responseType)) {
			return "unsupported_response_type only response_type=code is supported";
		}
		if (!client.policy().allows(GrantType.AUTHORIZATION_CODE)) {
			return "unauthorized_client the client may not use the authorization code flow";
		}
		if (params.get("request") != null) {
			return "request_not_supported request objects are not supported";
		}
		if (params.get("request_uri") != null) {
			return "request_uri_not_supported request_uri is not supported";
		}
		String method = params.get("code_challenge_method");
		String challenge = params.get("code_challenge");
		if (challenge == null) {
			return "invalid_request code_challenge is required (PKCE, S256) for every client";
		}
		if (!"S256".equals(method)) {
			return "invalid_request code_challenge_method must be S256";
		}
		if (!S256_CHALLENGE.matcher(challenge).matches()) {
			return "invalid_request code_challenge must be the base64url SHA-256 of the code_verifier";
		}
		String state = params.get("state");
		String nonce = params.get("nonce");
		if (tooLong(state) || tooLong(nonce)) {
			return "invalid_request state and nonce must be at most " + MAX_STATE + " characters";
		}
		if (grantedScope(params.get("scope"), client) == null) {
			return "invalid_scope the client may ask only for " + String.join(", ", askable(client));
		}
		String prompt = params.get("prompt");
		if (prompt != null && Set.of(prompt.split(" ")).contains("none")) {
			return "login_required the user must sign in";
		}
		return null;
	}

	/**
	 * The requested scopes if the client may have them all, its whole scope if none were asked; else
	 * {@code null}. The OpenID Connect scopes {@code openid} and {@code profile} are always allowed:
	 * they ask for an ID token and the user's name, not for access to an API.
	 */
	static String grantedScope(String requested, RegisteredClient client) {
		if (requested == null || requested.isBlank()) {
			return client.policy().scopeString();
		}
		Set<String> scopes = new LinkedHashSet<>(List.of(requested.trim().split(" +")));
		Set<String> allowed = new LinkedHashSet<>(client.policy().scopes());
		allowed.addAll(OPENID_SCOPES);
		if (!allowed.containsAll(scopes)) {
			return null;
		}
		return String.join(" ", scopes.stream().sorted().toList());
	}

	private static boolean tooLong(String value) {
		return value != null && value.length() > MAX_STATE;
	}

	/** The scopes the client may ask for: openid and profile always, and its own, each once, sorted. */
	private static SortedSet<String> askable(RegisteredClient client) {
		SortedSet<String> scopes = new TreeSet<>(client.policy().scopes());
		scopes.add("openid");
		scopes.add("profile");
		return scopes;
	}

	private Mono<Rendering> start(ServerWebExchange exchange, RegisteredClient client, String redirectUri, String state,
			Parameters params) {
		Instant now = this.clock.instant();
		String browser = this.binding.valueOf(exchange.getRequest()).orElseGet(BrowserBinding::newValue);
		String loginHint = params.get("login_hint");
		AuthorizationRequest request = new AuthorizationRequest(newRequestId(), client.id(), redirectUri, state,
				params.get("code_challenge"), grantedScope(params.get("scope"), client), params.get("nonce"),
				(loginHint != null && loginHint.length() <= 100) ? loginHint : null, BrowserBinding.hash(browser), now,
				now.plus(this.properties.requestLifetime()), null);
		ResponseCookie cookie = this.binding.cookie(browser);
		return this.store.insert(request)
			.then(Mono.fromCallable(() -> {
				exchange.getResponse().addCookie(cookie);
				// Relative, so that the login page is found under whatever prefix the issuer has.
				return Rendering.redirectTo("../signin?request=" + request.id())
					.status(HttpStatus.SEE_OTHER)
					.contextRelative(false)
					.headers(HtmlPages.headers())
					.build();
			}))
			.onErrorResume(DatabaseFailures::isUnavailable, (ex) -> Mono.just(HtmlPages.unavailable()));
	}

	/** 128 random bits, base64url: the handle of a stored request. */
	private static String newRequestId() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Request parameters: a value, or whether it is repeated (RFC 6749 §3.1: parameters must not repeat). */
	private record Parameters(MultiValueMap<String, String> values) {

		String get(String name) {
			List<String> all = this.values.get(name);
			String value = (all != null && !all.isEmpty()) ? all.get(0) : null;
			return (value == null || value.isEmpty()) ? null : value;
		}

		boolean isRepeated(String name) {
			List<String> all = this.values.get(name);
			return all != null && all.size() > 1;
		}

	}

}

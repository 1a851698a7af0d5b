package io.gatehouse.gateway.browser;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * {@code GET /login?return_to=/path} and {@code GET /login/callback}: the authorization code flow
 * with PKCE (RFC 6749 §4.1, RFC 7636 S256, OAuth 2.1) as the confidential client
 * {@code gateway-browser}. The sign-in starts with a fresh {@code state} and {@code code_verifier}
 * kept in the browser's {@link PendingLogins} cookie (so two tabs each find their own), and goes to
 * the token service's authorization endpoint. The callback checks {@code state} against that cookie
 * (login CSRF), {@code iss} against the issuer (RFC 9207, mix-up), exchanges the code with the
 * verifier, sets the {@link SessionCookie} and redirects to the attempt's {@code return_to} — only
 * ever a path of this origin ({@link ReturnTo}). A browser that already has a live session is sent
 * on without a new sign-in, at either step, so a second tab's callback never opens a second session.
 * Failures are pages that say what happened and offer a new sign-in; an outage is 503.
 */
final class SignInHandler {

	private static final SecureRandom random = new SecureRandom();

	private final CookieSessionAuthentication sessions;

	private final BrowserTokenClient tokens;

	private final BrowserProperties properties;

	private final URI authorizationUri;

	private final String issuer;

	private final Clock clock;

	SignInHandler(CookieSessionAuthentication sessions, BrowserTokenClient tokens, BrowserProperties properties,
			String issuer, Clock clock) {
		this.sessions = sessions;
		this.tokens = tokens;
		this.properties = properties;
		this.issuer = issuer;
		this.authorizationUri = (properties.authorizationUri() != null) ? properties.authorizationUri()
				: URI.create(issuer + "/oauth2/authorize");
		this.clock = clock;
	}

	Mono<ServerResponse> login(ServerRequest request) {
		List<String> values = request.queryParams().get("return_to");
		Optional<String> returnTo = (values == null || values.isEmpty()) ? Optional.of(this.properties.defaultReturnTo())
				: (values.size() == 1) ? ReturnTo.check(values.get(0)) : Optional.empty();
		if (returnTo.isEmpty()) {
			return BrowserPages.problem(HttpStatus.BAD_REQUEST, "This sign-in link is not valid",
					"return_to must be one path on this site, such as /app/.", signInPath(this.properties.defaultReturnTo()),
					"Sign in");
		}
		ServerWebExchange exchange = request.exchange();
		return this.sessions.resolve(exchange, RoutePolicy.CLOSED).flatMap((state) -> {
			if (state instanceof SessionState.Live) {
				return redirect(returnTo.get());
			}
			if (state instanceof SessionState.Unavailable unavailable) {
				return outage(unavailable.description(), returnTo.get());
			}
			if (state instanceof SessionState.Ended) {
				BrowserCookies.clearSession(exchange.getResponse(), this.properties);
			}
			return start(exchange, returnTo.get());
		});
	}

	Mono<ServerResponse> callback(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		Instant now = this.clock.instant();
		PendingLogins pending = PendingLogins.of(exchange.getRequest(), now);
		Optional<PendingLogins.PendingLogin> attempt = pending.find(single(request, "state"));
		return this.sessions.resolve(exchange, RoutePolicy.CLOSED).flatMap((state) -> {
			if (state instanceof SessionState.Live) {
				attempt.ifPresent((found) -> exchange.getResponse().addCookie(pending.without(found).toCookie(this.properties)));
				return redirect(attempt.map(PendingLogins.PendingLogin::returnTo).orElse(this.properties.defaultReturnTo()));
			}
			if (attempt.isEmpty()) {
				return BrowserPages.problem(HttpStatus.BAD_REQUEST, "This sign-in has expired",
						"It took longer than " + this.properties.loginTimeout().toMinutes() + " minutes, was finished "
								+ "already, or was started in another browser.",
						signInPath(this.properties.defaultReturnTo()), "Sign in again");
			}
			return complete(request, pending, attempt.get());
		});
	}

	private Mono<ServerResponse> complete(ServerRequest request, PendingLogins pending,
			PendingLogins.PendingLogin attempt) {
		ServerWebExchange exchange = request.exchange();
		String again = signInPath(attempt.returnTo());
		String error = single(request, "error");
		String code = single(request, "code");
		if (error != null || code == null || !this.issuer.equals(single(request, "iss"))) {
			exchange.getResponse().addCookie(pending.without(attempt).toCookie(this.properties));
			String message = "access_denied".equals(error) ? "The sign-in was cancelled."
					: (error != null) ? "The sign-in service answered: " + error + "."
							: "The answer did not come from this site's sign-in service.";
			return BrowserPages.problem(HttpStatus.BAD_REQUEST, "Sign-in did not complete", message, again, "Sign in again");
		}
		return this.tokens.exchangeCode(code, attempt.verifier(), this.sessions.caller(exchange)).flatMap((outcome) -> {
			if (outcome instanceof TokenOutcome.Unavailable unavailable) {
				return outage(unavailable.description(), attempt.returnTo());
			}
			exchange.getResponse().addCookie(pending.without(attempt).toCookie(this.properties));
			if (outcome instanceof TokenOutcome.Refused refused && BrowserTokenClient.COOKIE_TOO_LARGE.equals(refused.reason())) {
				return BrowserPages.problem(HttpStatus.BAD_GATEWAY, "Sign-in could not be completed",
						"Your account's sign-in is too large for a browser cookie (too many roles). An administrator "
								+ "can see the reason in the gateway's log.", again, "Sign in again");
			}
			if (outcome instanceof TokenOutcome.Refused) {
				return BrowserPages.problem(HttpStatus.BAD_REQUEST, "Sign-in did not complete",
						"The sign-in code expired or was used already.", again, "Sign in again");
			}
			this.sessions.setCookie(exchange, ((TokenOutcome.Granted) outcome).tokens());
			return redirect(attempt.returnTo());
		});
	}

	private Mono<ServerResponse> start(ServerWebExchange exchange, String returnTo) {
		Instant now = this.clock.instant();
		String state = randomValue();
		String verifier = randomValue();
		PendingLogins pending = PendingLogins.of(exchange.getRequest(), now)
			.with(new PendingLogins.PendingLogin(state, verifier, returnTo, now.plus(this.properties.loginTimeout())),
					this.properties.maxPendingLogins());
		exchange.getResponse().addCookie(pending.toCookie(this.properties));
		URI location = UriComponentsBuilder.fromUri(this.authorizationUri)
			.queryParam("response_type", "code")
			.queryParam("client_id", "{client}")
			.queryParam("redirect_uri", "{redirect}")
			.queryParam("scope", "{scope}")
			.queryParam("state", state)
			.queryParam("code_challenge", challenge(verifier))
			.queryParam("code_challenge_method", "S256")
			.encode()
			.buildAndExpand(this.properties.clientId(), this.properties.redirectUri(), this.properties.scope())
			.toUri();
		return ServerResponse.status(HttpStatus.FOUND).location(location).headers(BrowserPages::secure).build();
	}

	private Mono<ServerResponse> outage(String description, String returnTo) {
		return BrowserPages.problem(HttpStatus.SERVICE_UNAVAILABLE, "Sign-in is unavailable for a moment",
				"Your session is kept: " + description + ". Try again in a few seconds.", signInPath(returnTo), "Try again");
	}

	private static Mono<ServerResponse> redirect(String path) {
		return ServerResponse.status(HttpStatus.FOUND).location(URI.create(path)).headers(BrowserPages::secure).build();
	}

	static String signInPath(String returnTo) {
		return UriComponentsBuilder.fromPath("/login").queryParam("return_to", "{to}").encode().buildAndExpand(returnTo)
			.toUriString();
	}

	/** A parameter given exactly once, else {@code null}. */
	private static String single(ServerRequest request, String name) {
		List<String> values = request.queryParams().get(name);
		return (values != null && values.size() == 1 && !values.get(0).isEmpty()) ? values.get(0) : null;
	}

	/** 256 random bits, base64url: a {@code state} or a PKCE {@code code_verifier} (43 characters, RFC 7636 §4.1). */
	private static String randomValue() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

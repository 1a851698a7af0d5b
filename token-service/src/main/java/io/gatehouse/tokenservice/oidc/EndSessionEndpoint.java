package io.gatehouse.tokenservice.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.authorization.AuthorizationResponse;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.loginpage.HtmlPages;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.web.DatabaseFailures;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), {@code GET} and form {@code POST}
 * {@code /oauth2/logout}, the discovery document's {@code end_session_endpoint}. With a genuine
 * {@code id_token_hint} ({@link IdTokenHints}) the session it names ({@code sid}) ends, with the
 * reason and timeline entry of {@code /auth/logout} ({@code revoked_logout}), and goes on the
 * revocation feed. A {@code post_logout_redirect_uri} must be registered for the client (the hint's
 * {@code aud}, or {@code client_id}, which must agree) and is matched exactly: the browser is then
 * sent there with {@code state}; otherwise (unregistered, no client, a hint that does not verify) the
 * answer is a page and never a redirect. Without a hint nothing is ended: this service keeps no
 * browser session of its own to end.
 */
@Controller
final class EndSessionEndpoint {

	/** The longest {@code state} kept and sent back, as for authorization requests. */
	private static final int MAX_STATE = 1000;

	private final IdTokenHints hints;

	private final ClientRegistry clients;

	private final SessionService sessions;

	EndSessionEndpoint(IdTokenHints hints, ClientRegistry clients, SessionService sessions) {
		this.hints = hints;
		this.clients = clients;
		this.sessions = sessions;
	}

	@GetMapping("/oauth2/logout")
	Mono<Rendering> logout(ServerWebExchange exchange) {
		return logout(exchange, exchange.getRequest().getQueryParams());
	}

	@PostMapping(path = "/oauth2/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<Rendering> logoutByPost(ServerWebExchange exchange) {
		return HtmlPages.withForm(exchange, (form) -> logout(exchange, form));
	}

	private Mono<Rendering> logout(ServerWebExchange exchange, MultiValueMap<String, String> parameters) {
		for (String name : List.of("id_token_hint", "client_id", "post_logout_redirect_uri", "state")) {
			List<String> values = parameters.get(name);
			if (values != null && values.size() > 1) {
				return Mono.just(refused(name + " is repeated."));
			}
		}
		String state = value(parameters, "state");
		if (state != null && state.length() > MAX_STATE) {
			return Mono.just(refused("The sign-out request's state is longer than " + MAX_STATE + " characters."));
		}
		String hintValue = value(parameters, "id_token_hint");
		String clientId = value(parameters, "client_id");
		String redirect = value(parameters, "post_logout_redirect_uri");
		Optional<IdTokenHints.Hint> hint = this.hints.read(hintValue);
		if (hintValue != null && hint.isEmpty()) {
			return Mono.just(refused("The sign-out request's id_token_hint is not an ID token of this service."));
		}
		if (hint.isPresent() && clientId != null && !clientId.equals(hint.get().clientId())) {
			return Mono.just(refused("The sign-out request's client_id is not the ID token's audience."));
		}
		RegisteredClient client = this.clients.find(hint.map(IdTokenHints.Hint::clientId).orElse(clientId)).orElse(null);
		if (clientId != null && client == null) {
			return Mono.just(refused("The application that sent you here is not known to this sign-in service (client_id)."));
		}
		if (redirect != null && (client == null || !client.policy().postLogoutRedirectUris().contains(redirect))) {
			return Mono.just(refused("The application asked to return to an address that is not registered for it "
					+ "(post_logout_redirect_uri), so you are not sent there."));
		}
		Map<String, String> back = new LinkedHashMap<>();
		back.put("state", state);
		return end(hint, RequestOrigin.of(exchange))
			.map((ended) -> (redirect != null) ? AuthorizationResponse.redirect(redirect, back) : ended
					? HtmlPages.message(HttpStatus.OK, "Signed out", "You are signed out.")
					// Without an ID token this service cannot tell which session is yours: say so, not "signed out".
					: HtmlPages.message(HttpStatus.OK, "Nothing signed out",
							"This sign-out request did not name a session (no id_token_hint), so nothing was signed "
									+ "out here. Sign out from the application instead."))
			.onErrorResume(DatabaseFailures::isUnavailable, (ex) -> Mono.just(HtmlPages.unavailable()));
	}

	/** Ends the hint's session if it is the hint's user's on the hint's client; nothing without a hint. */
	private Mono<Boolean> end(Optional<IdTokenHints.Hint> hint, RequestOrigin origin) {
		return Mono.justOrEmpty(hint)
			.flatMap((named) -> this.sessions.find(named.sessionId())
				.filter((session) -> session.userId().equals(named.userId())
						&& session.clientId().equals(named.clientId()))
				.flatMap((session) -> this.sessions.end(session, SessionEndReason.REVOKED_LOGOUT, origin, null)))
			.defaultIfEmpty(false);
	}

	private static Rendering refused(String message) {
		return HtmlPages.message(HttpStatus.BAD_REQUEST, "Sign-out not completed", message);
	}

	private static String value(MultiValueMap<String, String> parameters, String name) {
		String value = parameters.getFirst(name);
		return (value == null || value.isEmpty()) ? null : value;
	}

}

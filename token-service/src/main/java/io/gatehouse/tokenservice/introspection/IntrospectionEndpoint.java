package io.gatehouse.tokenservice.introspection;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.AccessTokenVerifier;
import io.gatehouse.tokenservice.accesstoken.InvalidAccessTokenException;
import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.client.ClientAuthenticator;
import io.gatehouse.tokenservice.refresh.RefreshTokenIntrospection;
import io.gatehouse.tokenservice.session.Session;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.web.FormBodies;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * {@code POST /oauth2/introspect} (RFC 7662) for gateways running routes in stateful mode: an
 * access token is {@code active} when it verifies and its session is live right now — the classic
 * server-side session check, one database read per call. Only confidential clients may ask
 * (§2.1); a database outage is 503, so a gateway never mistakes it for a logout. A refresh token
 * is described only to the client it was issued to ({@link RefreshTokenIntrospection}: the session's
 * real remaining lifetime, read without extending it).
 */
@RestController
class IntrospectionEndpoint {

	private final ClientAuthenticator clients;

	private final AccessTokenVerifier verifier;

	private final SessionService sessions;

	private final SessionProperties properties;

	private final Clock clock;

	private final RefreshTokenIntrospection refreshTokens;

	IntrospectionEndpoint(ClientAuthenticator clients, AccessTokenVerifier verifier, SessionService sessions,
			SessionProperties properties, Clock clock, RefreshTokenIntrospection refreshTokens) {
		this.refreshTokens = refreshTokens;
		this.clients = clients;
		this.verifier = verifier;
		this.sessions = sessions;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/oauth2/introspect", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> introspect(ServerWebExchange exchange) {
		return FormBodies.read(exchange)
			.flatMap((form) -> this.clients.authenticate(exchange.getRequest(), null)
				.filter((client) -> client.policy().isConfidential())
				.switchIfEmpty(Mono.error(OAuthError.invalidClientBasic("introspection is for confidential clients").exception()))
				.flatMap((client) -> Mono.justOrEmpty(form.getFirst("token"))
					.switchIfEmpty(Mono.error(OAuthError.invalidRequest("token is required").exception()))
					.flatMap((token) -> RefreshTokenIntrospection.isRefreshToken(token)
							? this.refreshTokens.describe(token, client) : describe(token))))
			.timeout(this.properties.storeTimeout())
			.map((body) -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body));
	}

	private Mono<Map<String, Object>> describe(String token) {
		VerifiedAccessToken verified;
		try {
			verified = this.verifier.verifyExactly(token);
		}
		catch (InvalidAccessTokenException ex) {
			return Mono.just(Map.of("active", false));
		}
		return this.sessions.find(verified.sessionId())
			.filter((session) -> isLive(session))
			.map((session) -> active(verified, session))
			.defaultIfEmpty(Map.of("active", false));
	}

	private boolean isLive(Session session) {
		return !session.isEnded() && session.expiryAt(this.clock.instant()) == null;
	}

	private static Map<String, Object> active(VerifiedAccessToken token, Session session) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", true);
		body.put("sub", token.userId().toString());
		body.put("sid", session.id().toString());
		body.put("client_id", token.clientId());
		body.put("scope", session.scope());
		body.put("roles", token.roles());
		body.put("token_type", "Bearer");
		return body;
	}

}

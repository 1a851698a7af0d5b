package io.gatehouse.tokenservice.refresh;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.client.ClientAuthenticator;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.web.FormBodies;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * {@code POST /oauth2/revoke} (RFC 7009): revoking a refresh token ends its whole session with
 * {@code revoked_logout}. Unknown, malformed, already revoked or other clients' tokens are answered
 * 200 as the RFC requires (§2.2), and change nothing.
 */
@RestController
class RevocationEndpoint {

	private final ClientAuthenticator clients;

	private final RefreshTokenRepository tokens;

	private final SessionService sessions;

	private final SessionProperties properties;

	RevocationEndpoint(ClientAuthenticator clients, RefreshTokenRepository tokens, SessionService sessions,
			SessionProperties properties) {
		this.clients = clients;
		this.tokens = tokens;
		this.sessions = sessions;
		this.properties = properties;
	}

	@PostMapping(path = "/oauth2/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<ResponseEntity<Void>> revoke(ServerWebExchange exchange) {
		return FormBodies.read(exchange)
			.flatMap((form) -> revoke(exchange, form))
			.timeout(this.properties.storeTimeout())
			.thenReturn(ResponseEntity.ok().cacheControl(CacheControl.noStore()).build());
	}

	private Mono<Boolean> revoke(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		String token = TokenEndpoint.single(form, "token");
		if (token == null) {
			return Mono.error(OAuthError.invalidRequest("token is required").exception());
		}
		return this.clients.authenticate(exchange.getRequest(), TokenEndpoint.single(form, "client_id"))
			.flatMap((client) -> endSessionOf(token, client, RequestOrigin.of(exchange)));
	}

	private Mono<Boolean> endSessionOf(String token, RegisteredClient client, RequestOrigin origin) {
		if (!RefreshTokens.isWellFormed(token)) {
			return Mono.just(false);
		}
		return this.tokens.findByHash(RefreshTokens.hash(token))
			.filter((presented) -> presented.session().clientId().equals(client.id()))
			.flatMap((presented) -> this.sessions.end(presented.session(), SessionEndReason.REVOKED_LOGOUT, origin,
					"refresh token revoked (RFC 7009)"))
			.defaultIfEmpty(false);
	}

}

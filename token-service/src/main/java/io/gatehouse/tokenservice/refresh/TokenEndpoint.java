package io.gatehouse.tokenservice.refresh;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.AccessTokenIssuer;
import io.gatehouse.tokenservice.accesstoken.AccessTokenSubject;
import io.gatehouse.tokenservice.accesstoken.IssuedAccessToken;
import io.gatehouse.tokenservice.authorization.AuthorizationCodeGrant;
import io.gatehouse.tokenservice.client.ClientAuthenticator;
import io.gatehouse.tokenservice.client.GrantType;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.web.FormBodies;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestArrival;
import io.gatehouse.tokenservice.web.RequestOrigin;
import io.gatehouse.tokenservice.web.TokenResponse;

/**
 * {@code POST /oauth2/token} for {@code grant_type=refresh_token} (RFC 6749 §6) and
 * {@code grant_type=authorization_code} ({@link AuthorizationCodeGrant}): form-encoded, public
 * clients by {@code client_id}, confidential ones with {@code client_secret_basic} or
 * {@code client_secret_post}; each grant only for a client whose {@code grant-types} list it
 * ({@code unauthorized_client} otherwise). Every success carries a new refresh token; every failure is an RFC 6749 §5.2 error, and a slow or
 * unavailable database is 503 {@code temporarily_unavailable}, never {@code invalid_grant}. The
 * reuse grace is judged at the request's {@link RequestArrival arrival}.
 */
@RestController
class TokenEndpoint {

	private final ClientAuthenticator clients;

	private final RefreshTokenRotation rotation;

	private final AccessTokenIssuer accessTokens;

	private final SessionProperties properties;

	private final Clock clock;

	private final AuthorizationCodeGrant authorizationCode;

	private final RefreshMetrics metrics;

	TokenEndpoint(ClientAuthenticator clients, RefreshTokenRotation rotation, AccessTokenIssuer accessTokens,
			SessionProperties properties, Clock clock, AuthorizationCodeGrant authorizationCode, RefreshMetrics metrics) {
		this.metrics = metrics;
		this.authorizationCode = authorizationCode;
		this.clients = clients;
		this.rotation = rotation;
		this.accessTokens = accessTokens;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	Mono<ResponseEntity<TokenResponse>> token(ServerWebExchange exchange) {
		return FormBodies.read(exchange).flatMap((form) -> grant(exchange, form)).timeout(this.properties.storeTimeout());
	}

	private Mono<ResponseEntity<TokenResponse>> grant(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		String grantType = single(form, "grant_type");
		if (grantType == null) {
			return Mono.error(OAuthError.invalidRequest("grant_type is required").exception());
		}
		RequestOrigin origin = RequestOrigin.of(exchange);
		Instant arrival = RequestArrival.of(exchange, this.clock);
		if ("authorization_code".equals(grantType)) {
			String code = single(form, "code");
			String redirectUri = single(form, "redirect_uri");
			String verifier = single(form, "code_verifier");
			return authenticate(exchange, form).flatMap((client) -> this.authorizationCode.grant(client, code,
					redirectUri, verifier, origin, arrival));
		}
		if (!"refresh_token".equals(grantType)) {
			return Mono.error(OAuthError.unsupportedGrantType(grantType).exception());
		}
		String refreshToken = single(form, "refresh_token");
		if (refreshToken == null) {
			return Mono.error(OAuthError.invalidRequest("refresh_token is required").exception());
		}
		return authenticate(exchange, form).flatMap((client) -> client.policy().allows(GrantType.REFRESH_TOKEN)
				? refresh(refreshToken, client, origin, arrival).map((result) -> respond(result, client))
				: Mono.error(OAuthError.unauthorizedClient("the client may not use grant_type refresh_token").exception()));
	}

	/**
	 * The rotation, counted: the store timeout applies here as well as to the whole request, so a
	 * slow store is counted {@code unavailable} before the answer says 503.
	 */
	private Mono<RotationResult> refresh(String refreshToken, RegisteredClient client, RequestOrigin origin,
			Instant arrival) {
		return this.rotation.rotate(refreshToken, client, origin, arrival)
			.timeout(this.properties.storeTimeout())
			.doOnNext((result) -> this.metrics.answered(client, result))
			.doOnError((failure) -> this.metrics.failed(client, failure));
	}

	private Mono<RegisteredClient> authenticate(ServerWebExchange exchange, MultiValueMap<String, String> form) {
		return this.clients.authenticate(exchange.getRequest(), single(form, "client_id"), single(form, "client_secret"));
	}

	private ResponseEntity<TokenResponse> respond(RotationResult result, RegisteredClient client) {
		if (result instanceof RotationResult.Rejected rejected) {
			throw OAuthError.invalidGrant(rejected.reason()).exception();
		}
		RotationResult.Rotated rotated = (RotationResult.Rotated) result;
		AccessTokenSubject subject = new AccessTokenSubject(rotated.session().userId(), rotated.username(),
				rotated.roles(), rotated.session().id(), rotated.session().scope());
		IssuedAccessToken accessToken = this.accessTokens.issue(subject, client);
		return new TokenResponse(accessToken.value(), "Bearer", accessToken.expiresIn().toSeconds(),
				rotated.refreshToken(), rotated.session().remainingAt(this.clock.instant()).toSeconds(),
				rotated.session().scope(), rotated.session().id().toString())
			.noStore();
	}

	/** A parameter's only value; a repeated parameter is {@code invalid_request} (RFC 6749 §3.1). */
	static String single(MultiValueMap<String, String> form, String name) {
		List<String> values = form.get(name);
		// A parameter written without '=' has no value at all (null), like an empty one.
		if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw OAuthError.invalidRequest(name + " is repeated").exception();
		}
		return values.get(0);
	}

}

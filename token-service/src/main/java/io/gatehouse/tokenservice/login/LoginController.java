package io.gatehouse.tokenservice.login;

import java.time.Clock;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.AccessTokenIssuer;
import io.gatehouse.tokenservice.accesstoken.AccessTokenSubject;
import io.gatehouse.tokenservice.accesstoken.IssuedAccessToken;
import io.gatehouse.tokenservice.audit.LoginFailures;
import io.gatehouse.tokenservice.client.ClientAuthenticator;
import io.gatehouse.tokenservice.client.GrantType;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.NewSession;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.session.SignInMethod;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;
import io.gatehouse.tokenservice.web.TokenResponse;

/**
 * {@code POST /auth/login} with JSON {@code {"username","password","client_id"}}: checks the
 * client, then the password, creates a session and answers with an access token, the session's
 * first refresh token and its id, under {@code Cache-Control: no-store}. Only for clients whose
 * {@code grant-types} list {@code password_login} (400 {@code unauthorized_client} otherwise): the
 * first-party shortcut; other clients use the authorization code flow. A failed login is recorded
 * ({@link LoginFailures}) and answered 401 {@code invalid_credentials}, the same for an unknown user,
 * a wrong password and a disabled account.
 */
@RestController
class LoginController {

	private final ClientAuthenticator clients;

	private final UserService users;

	private final SessionService sessions;

	private final AccessTokenIssuer accessTokens;

	private final SessionProperties properties;

	private final Clock clock;

	private final LoginFailures failures;

	private final TransactionalOperator transaction;

	LoginController(ClientAuthenticator clients, UserService users, SessionService sessions,
			AccessTokenIssuer accessTokens, SessionProperties properties, Clock clock, LoginFailures failures,
			TransactionalOperator transaction) {
		this.transaction = transaction;
		this.failures = failures;
		this.clients = clients;
		this.users = users;
		this.sessions = sessions;
		this.accessTokens = accessTokens;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping(path = "/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<TokenResponse>> login(@Valid @RequestBody LoginRequest request, ServerWebExchange exchange) {
		RequestOrigin origin = RequestOrigin.of(exchange);
		return this.clients.authenticate(exchange.getRequest(), request.clientId())
			.flatMap(LoginController::allowedPasswordLogin)
			.flatMap((client) -> this.users.check(request.username(), request.password())
				.flatMap((check) -> check.succeeded() ? Mono.just(check.user()) : failed(check, client, origin))
				.flatMap((user) -> createSession(user, client, origin)))
			.timeout(this.properties.storeTimeout().plusSeconds(5));
	}

	/** The session, created under the user's row lock unless an administrator disabled the user meanwhile. */
	private Mono<ResponseEntity<TokenResponse>> createSession(User user, RegisteredClient client, RequestOrigin origin) {
		return this.users.lockUnchanged(user)
			.switchIfEmpty(Mono.error(OAuthError.invalidCredentials().exception()))
			.flatMap((fresh) -> this.sessions.create(fresh, client, SignInMethod.PASSWORD, origin).map((created) -> respond(fresh, client, created)))
			.as(this.transaction::transactional);
	}

	private static Mono<RegisteredClient> allowedPasswordLogin(RegisteredClient client) {
		return client.policy().allows(GrantType.PASSWORD_LOGIN) ? Mono.just(client)
				: Mono.error(OAuthError.unauthorizedClient("client " + client.id()
						+ " may not use password login: use the authorization code flow (grant-types)").exception());
	}

	/**
	 * Records the failure (a store that cannot record it does not change the answer), then 401, the
	 * same for a disabled account as for a wrong password (OWASP: the answer to someone not logged in
	 * does not say which accounts exist or are disabled); the record says {@code account_disabled}.
	 */
	private Mono<User> failed(UserService.LoginCheck check, RegisteredClient client, RequestOrigin origin) {
		return this.failures.record(this.clock.instant(), check, client.id(), origin)
			.onErrorResume((ex) -> Mono.empty())
			.then(Mono.error(OAuthError.invalidCredentials().exception()));
	}

	private ResponseEntity<TokenResponse> respond(User user, RegisteredClient client, NewSession created) {
		AccessTokenSubject subject = new AccessTokenSubject(user.id(), user.username(), user.roles(),
				created.session().id(), created.session().scope());
		IssuedAccessToken accessToken = this.accessTokens.issue(subject, client);
		return new TokenResponse(accessToken.value(), "Bearer", accessToken.expiresIn().toSeconds(),
				created.refreshToken(), created.session().remainingAt(this.clock.instant()).toSeconds(),
				created.session().scope(), created.session().id().toString())
			.noStore();
	}

}

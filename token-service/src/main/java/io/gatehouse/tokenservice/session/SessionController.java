package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.util.UUID;

import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.AccessTokenIssuer;
import io.gatehouse.tokenservice.accesstoken.AccessTokenSubject;
import io.gatehouse.tokenservice.accesstoken.IssuedAccessToken;
import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.SessionEventView;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;
import io.gatehouse.tokenservice.web.TokenResponse;

/**
 * The user's own sessions, with the user's bearer access token: log out, list "your devices", end
 * one, all or all others, list the recently ended ones with why they ended, read a session's
 * timeline, change the password (which ends every session, the caller's too, and answers with a new
 * session for the caller, shaped as the login response). Another user's session id is answered 404,
 * exactly like an id that does not exist; something that is not a session id at all is 400
 * {@code invalid_request}. Sessions the caller ends record the caller's session as the one they were
 * ended from.
 */
@RestController
class SessionController {

	private final SessionService sessions;

	private final AuditTrail audit;

	private final PasswordChange passwordChange;

	private final AccessTokenIssuer accessTokens;

	private final Clock clock;

	private final SessionViews views;

	SessionController(SessionService sessions, AuditTrail audit, PasswordChange passwordChange,
			AccessTokenIssuer accessTokens, Clock clock, SessionViews views) {
		this.views = views;
		this.sessions = sessions;
		this.audit = audit;
		this.passwordChange = passwordChange;
		this.accessTokens = accessTokens;
		this.clock = clock;
	}

	@PostMapping("/auth/logout")
	Mono<ResponseEntity<Void>> logout(VerifiedAccessToken caller, ServerWebExchange exchange) {
		return this.sessions.find(caller.sessionId())
			.flatMap((session) -> this.sessions.end(session, SessionEndReason.REVOKED_LOGOUT, origin(caller, exchange),
					null))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/auth/sessions")
	Flux<SessionView> list(VerifiedAccessToken caller) {
		return this.views.live(caller.userId(), caller.sessionId());
	}

	@GetMapping("/auth/sessions/ended")
	Flux<EndedSessionView> ended(VerifiedAccessToken caller) {
		return this.views.ended(caller.userId());
	}

	@GetMapping("/auth/sessions/{id}/timeline")
	Mono<SessionTimelineView> timeline(VerifiedAccessToken caller, @PathVariable String id) {
		return Mono.defer(() -> this.views.timeline(caller.userId(), SessionIds.parse(id), false));
	}

	@DeleteMapping("/auth/sessions/{id}")
	Mono<ResponseEntity<Void>> endOne(VerifiedAccessToken caller, @PathVariable String id, ServerWebExchange exchange) {
		return ownSession(caller, id)
			.flatMap((session) -> this.sessions.end(session, SessionEndReason.REVOKED_LOGOUT, origin(caller, exchange),
					"ended from the session list"))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/**
	 * Signs out everywhere ({@code revoked_logout_all}); with {@code others=true} everywhere but the
	 * caller's own session.
	 */
	@DeleteMapping("/auth/sessions")
	Mono<ResponseEntity<Void>> endAll(VerifiedAccessToken caller,
			@RequestParam(defaultValue = "false") boolean others,
			ServerWebExchange exchange) {
		return this.sessions
			.endAllSessionsOf(caller.userId(), others ? caller.sessionId() : null, SessionEndReason.REVOKED_LOGOUT_ALL,
					origin(caller, exchange), null)
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/auth/sessions/{id}/events")
	Flux<SessionEventView> events(VerifiedAccessToken caller, @PathVariable String id) {
		UUID sessionId = SessionIds.parse(id);
		return this.audit.forSession(sessionId)
			.filter((event) -> event.userId().equals(caller.userId()))
			.map(SessionEventView::forOwner)
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such session").exception()));
	}

	@PostMapping("/auth/password")
	Mono<ResponseEntity<TokenResponse>> changePassword(VerifiedAccessToken caller,
			@Valid @RequestBody PasswordChangeRequest request, ServerWebExchange exchange) {
		return this.passwordChange.change(caller, request, RequestOrigin.of(exchange)).map(this::respond);
	}

	/** The renewed session as a login answers it: access token, first refresh token, session id. */
	private ResponseEntity<TokenResponse> respond(PasswordChange.Renewed renewed) {
		Session session = renewed.session().session();
		AccessTokenSubject subject = new AccessTokenSubject(renewed.user().id(), renewed.user().username(),
				renewed.user().roles(), session.id(), session.scope());
		IssuedAccessToken accessToken = this.accessTokens.issue(subject, renewed.client());
		return new TokenResponse(accessToken.value(), "Bearer", accessToken.expiresIn().toSeconds(),
				renewed.session().refreshToken(), session.remainingAt(this.clock.instant()).toSeconds(), session.scope(),
				session.id().toString())
			.noStore();
	}

	private Mono<Session> ownSession(VerifiedAccessToken caller, String id) {
		return Mono.defer(() -> this.sessions.find(SessionIds.parse(id)))
			.filter((session) -> session.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such session").exception()));
	}

	private static RequestOrigin origin(VerifiedAccessToken caller, ServerWebExchange exchange) {
		return RequestOrigin.of(exchange).by(caller.userId(), caller.sessionId());
	}

}

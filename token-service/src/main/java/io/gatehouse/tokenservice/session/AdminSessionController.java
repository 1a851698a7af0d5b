package io.gatehouse.tokenservice.session;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.LoginFailureView;
import io.gatehouse.tokenservice.audit.LoginFailures;
import io.gatehouse.tokenservice.audit.SessionEventView;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/** Administrators (role {@code admin}) list, end and explain any user's sessions. */
@RestController
class AdminSessionController {

	private final SessionService sessions;

	private final AuditTrail audit;

	private final UserService users;

	private final LoginFailures failures;

	AdminSessionController(SessionService sessions, AuditTrail audit, UserService users, LoginFailures failures) {
		this.failures = failures;
		this.sessions = sessions;
		this.audit = audit;
		this.users = users;
	}

	@GetMapping("/admin/users/{username}/sessions")
	Flux<SessionView> list(VerifiedAccessToken caller, @PathVariable String username) {
		return user(caller, username).flatMapMany((user) -> this.sessions.liveSessionsOf(user.id()))
			.map((session) -> SessionView.of(session, caller.sessionId()));
	}

	@DeleteMapping("/admin/users/{username}/sessions")
	Mono<ResponseEntity<Void>> endAll(VerifiedAccessToken caller, @PathVariable String username,
			ServerWebExchange exchange) {
		return user(caller, username)
			.flatMap((user) -> this.sessions.endAllSessionsOf(user.id(), null, SessionEndReason.REVOKED_ADMIN,
					RequestOrigin.of(exchange), null))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/admin/users/{username}/failed-logins")
	Flux<LoginFailureView> failedLogins(VerifiedAccessToken caller, @PathVariable String username) {
		return user(caller, username).flatMapMany((user) -> this.failures.forUser(user.id()));
	}

	@GetMapping("/admin/users/{username}/events")
	Flux<SessionEventView> events(VerifiedAccessToken caller, @PathVariable String username) {
		return user(caller, username).flatMapMany((user) -> this.audit.forUser(user.id())).map(SessionEventView::of);
	}

	private Mono<User> user(VerifiedAccessToken caller, String username) {
		if (!caller.hasRole(User.ADMIN_ROLE)) {
			return Mono.error(OAuthError.accessDenied("the admin role is required").exception());
		}
		return this.users.findByUsername(username)
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such user").exception()));
	}

}

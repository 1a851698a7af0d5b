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
import io.gatehouse.tokenservice.admin.UserAdministration;
import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.LoginFailureView;
import io.gatehouse.tokenservice.audit.LoginFailures;
import io.gatehouse.tokenservice.audit.SessionEventView;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Administrators (role {@code admin}) list and explain any user's sessions: the live ones, the recently
 * ended ones with why, one session's timeline (with the administrator's id on what an administrator
 * did), and end one session ({@code revoked_admin}, recorded in {@code admin_actions} as
 * {@code session_ended} and on the session's end event as the actor). {@code DELETE} of them all is
 * {@code io.gatehouse.tokenservice.admin.AdminUsersController}'s. A session id of another user is 404,
 * a malformed one 400.
 */
@RestController
class AdminSessionController {

	private final SessionService sessions;

	private final AuditTrail audit;

	private final UserService users;

	private final LoginFailures failures;

	private final SessionViews views;

	private final UserAdministration administration;

	AdminSessionController(SessionService sessions, AuditTrail audit, UserService users, LoginFailures failures,
			SessionViews views, UserAdministration administration) {
		this.views = views;
		this.administration = administration;
		this.failures = failures;
		this.sessions = sessions;
		this.audit = audit;
		this.users = users;
	}

	@GetMapping("/admin/users/{username}/sessions")
	Flux<SessionView> list(VerifiedAccessToken caller, @PathVariable String username) {
		return user(caller, username).flatMapMany((user) -> this.views.live(user.id(), caller.sessionId()));
	}

	@GetMapping("/admin/users/{username}/sessions/ended")
	Flux<EndedSessionView> ended(VerifiedAccessToken caller, @PathVariable String username) {
		return user(caller, username).flatMapMany((user) -> this.views.ended(user.id()));
	}

	@GetMapping("/admin/users/{username}/sessions/{id}/timeline")
	Mono<SessionTimelineView> timeline(VerifiedAccessToken caller, @PathVariable String username,
			@PathVariable String id) {
		return user(caller, username).flatMap((user) -> this.views.timeline(user.id(), SessionIds.parse(id), true));
	}

	@DeleteMapping("/admin/users/{username}/sessions/{id}")
	Mono<ResponseEntity<Void>> endOne(VerifiedAccessToken caller, @PathVariable String username,
			@PathVariable String id, ServerWebExchange exchange) {
		return user(caller, username)
			.flatMap((user) -> this.administration.endSession(caller, username, SessionIds.parse(id),
					RequestOrigin.of(exchange)))
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
			return Mono.error(OAuthError.insufficientScope("the admin role is required").exception());
		}
		return this.users.findByUsername(username)
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such user").exception()));
	}

}

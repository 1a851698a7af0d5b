package io.gatehouse.tokenservice.session;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.audit.LoginFailureView;
import io.gatehouse.tokenservice.audit.LoginFailures;
import io.gatehouse.tokenservice.audit.SessionEventView;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Administrators (role {@code admin}) list and explain any user's sessions ({@code DELETE} of them all is
 * {@code io.gatehouse.tokenservice.admin.AdminUsersController}'s, audited with the other admin actions).
 */
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

package io.gatehouse.tokenservice.user;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.gatehouse.tokenservice.web.OAuthError;

/**
 * {@code POST /auth/signup} lets anyone create a role-less account, only with
 * {@code gatehouse.signup.enabled=true}: 201, 409 {@code username_taken} for a taken name, 400
 * {@code invalid_request} for a bad name or a weak password. Administrators create users with
 * {@code POST /admin/users} ({@code io.gatehouse.tokenservice.admin.AdminUsersController}).
 */
@RestController
final class SignupController {

	private final UserService users;

	private final SignupProperties signup;

	SignupController(UserService users, SignupProperties signup) {
		this.users = users;
		this.signup = signup;
	}

	@PostMapping("/auth/signup")
	Mono<ResponseEntity<UserView>> signup(@RequestBody NewUserRequest request) {
		if (!this.signup.enabled()) {
			return Mono.error(OAuthError.accessDenied("self-signup is disabled").exception());
		}
		return created(request.username(), request.password(), List.of());
	}

	private Mono<ResponseEntity<UserView>> created(String username, String password, List<String> roles) {
		return this.users.create(username, password, roles)
			.map((user) -> ResponseEntity.created(URI.create("/admin/users/" + user.username())).body(UserView.of(user)));
	}

}

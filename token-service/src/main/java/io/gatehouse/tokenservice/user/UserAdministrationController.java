package io.gatehouse.tokenservice.user;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * {@code POST /admin/users} (role {@code admin}) creates a user: 201, 409 {@code username_taken}
 * for a duplicate, 400 {@code invalid_request} for a weak password. {@code POST /auth/signup}
 * lets anyone create a role-less account, only with {@code gatehouse.signup.enabled=true}.
 */
@RestController
class UserAdministrationController {

	private final UserService users;

	private final SignupProperties signup;

	UserAdministrationController(UserService users, SignupProperties signup) {
		this.users = users;
		this.signup = signup;
	}

	@PostMapping("/admin/users")
	Mono<ResponseEntity<UserView>> create(VerifiedAccessToken caller, @RequestBody NewUserRequest request) {
		if (!caller.hasRole(User.ADMIN_ROLE)) {
			return Mono.error(OAuthError.accessDenied("the admin role is required").exception());
		}
		return created(request.username(), request.password(), request.roles());
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

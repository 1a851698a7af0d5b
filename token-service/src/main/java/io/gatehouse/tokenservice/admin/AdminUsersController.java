package io.gatehouse.tokenservice.admin;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.user.NewUserRequest;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.user.UserView;
import io.gatehouse.tokenservice.user.UsernameKey;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * User administration for the role {@code admin} (bearer access token; without the role 403
 * {@code insufficient_scope}, RFC 6750 §3.1): create users, list and search them by username-key prefix
 * with keyset pagination, disable, enable, delete, replace roles, set a password, end all sessions, and
 * read the audit of these actions. An unknown user is 404 {@code not_found}; refusals are 409 {@code own_account} /
 * {@code last_admin}; bad input 400 {@code invalid_request}.
 */
@RestController
class AdminUsersController {

	/** The most users or actions one page holds; a larger {@code limit} is capped to it. */
	static final int MAX_LIMIT = 200;

	private static final Pattern PREFIX = Pattern.compile("[a-z0-9._@+-]{0,100}");

	private final UserAdministration administration;

	private final UserService users;

	private final AdminActions actions;

	AdminUsersController(UserAdministration administration, UserService users, AdminActions actions) {
		this.administration = administration;
		this.users = users;
		this.actions = actions;
	}

	@GetMapping("/admin/users")
	Mono<UserPage> list(VerifiedAccessToken caller, @RequestParam(defaultValue = "") String query,
			@RequestParam(required = false) String cursor, @RequestParam(defaultValue = "50") int limit) {
		// Who may ask comes before what was asked: a non-admin learns nothing of how input is read.
		return requireAdmin(caller).then(Mono.defer(() -> page(query, cursor, checkedLimit(limit))));
	}

	private Mono<UserPage> page(String query, String cursor, int size) {
		String prefix = UsernameKey.of(query);
		String after = (cursor != null) ? UsernameKey.of(cursor) : null;
		if (!PREFIX.matcher(prefix).matches() || (after != null && !PREFIX.matcher(after).matches())) {
			return Mono.error(OAuthError.invalidRequest("query and cursor must be username prefixes").exception());
		}
		return this.users.page(prefix, after, size + 1)
			.collectList()
			.map((found) -> new UserPage(found.stream().limit(size).map(UserView::of).toList(),
					(found.size() > size) ? found.get(size - 1).usernameKey() : null));
	}

	@PostMapping("/admin/users")
	Mono<ResponseEntity<UserView>> create(VerifiedAccessToken caller, @RequestBody NewUserRequest request,
			ServerWebExchange exchange) {
		return this.administration
			.create(caller, request.username(), request.password(), request.roles(), RequestOrigin.of(exchange))
			.map((user) -> ResponseEntity.created(URI.create("/admin/users/" + user.usernameKey())).body(UserView.of(user)));
	}

	@DeleteMapping("/admin/users/{username}/sessions")
	Mono<ResponseEntity<Void>> endAllSessions(VerifiedAccessToken caller, @PathVariable String username,
			ServerWebExchange exchange) {
		return this.administration.endAllSessions(caller, username, RequestOrigin.of(exchange))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/admin/users/{username}/disable")
	Mono<UserView> disable(VerifiedAccessToken caller, @PathVariable String username, ServerWebExchange exchange) {
		return this.administration.disable(caller, username, RequestOrigin.of(exchange)).map(UserView::of);
	}

	@PostMapping("/admin/users/{username}/enable")
	Mono<UserView> enable(VerifiedAccessToken caller, @PathVariable String username, ServerWebExchange exchange) {
		return this.administration.enable(caller, username, RequestOrigin.of(exchange)).map(UserView::of);
	}

	@DeleteMapping("/admin/users/{username}")
	Mono<ResponseEntity<Void>> delete(VerifiedAccessToken caller, @PathVariable String username,
			ServerWebExchange exchange) {
		return this.administration.delete(caller, username, RequestOrigin.of(exchange))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PutMapping("/admin/users/{username}/roles")
	Mono<UserView> setRoles(VerifiedAccessToken caller, @PathVariable String username,
			@RequestBody RolesRequest request, ServerWebExchange exchange) {
		return this.administration.setRoles(caller, username, request.roles(), RequestOrigin.of(exchange))
			.map(UserView::of);
	}

	@PostMapping("/admin/users/{username}/password")
	Mono<ResponseEntity<Void>> setPassword(VerifiedAccessToken caller, @PathVariable String username,
			@Valid @RequestBody NewPasswordRequest request, ServerWebExchange exchange) {
		return this.administration.setPassword(caller, username, request.password(), RequestOrigin.of(exchange))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/admin/actions")
	Mono<ActionPage> actions(VerifiedAccessToken caller, @RequestParam(required = false) Long cursor,
			@RequestParam(defaultValue = "50") int limit) {
		return requireAdmin(caller).then(Mono.defer(() -> {
			int size = checkedLimit(limit);
			return this.actions.page(cursor, size + 1)
				.collectList()
				.map((found) -> (found.size() > size)
						? new ActionPage(found.subList(0, size), Long.toString(found.get(size - 1).id()))
						: new ActionPage(found, null));
		}));
	}

	private static int checkedLimit(int limit) {
		if (limit < 1) {
			throw OAuthError.invalidRequest("limit must be at least 1").exception();
		}
		return Math.min(limit, MAX_LIMIT);
	}

	private static Mono<Void> requireAdmin(VerifiedAccessToken caller) {
		return caller.hasRole(User.ADMIN_ROLE) ? Mono.empty()
				: Mono.error(OAuthError.insufficientScope("the admin role is required").exception());
	}

}

package io.gatehouse.tokenservice.user;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Creates users and checks passwords. Unknown user and wrong password are indistinguishable: both
 * run one Argon2 verification and give the same answer.
 * <p>
 * A username is kept as written after NFKC (fullwidth letters become ASCII, case stays: the display
 * form) and must then be 1-100 ASCII letters, digits and {@code . _ @ + -}; it is unique, and found at
 * login and by every admin lookup, by its {@link UsernameKey} (lower case), so {@code ALICE} cannot be
 * created beside {@code alice} and logs in as her.
 */
@Service
public class UserService {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");

	/** What a {@link UsernameKey} of a valid username looks like: anything else names no user. */
	private static final Pattern KEY = Pattern.compile("[a-z0-9._@+-]{1,100}");

	private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

	/** The most roles a user has: 20 names of at most 40 characters fit the 1,000-character column. */
	static final int MAX_ROLES = 20;

	private final UserRepository users;

	private final PasswordHasher hasher;

	private final PasswordPolicy policy;

	private final Clock clock;

	UserService(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
		this.users = users;
		this.hasher = hasher;
		this.policy = policy;
		this.clock = clock;
	}

	/** A new user, or 400 {@code invalid_request} for a bad name/password/role and 409 {@code username_taken}. */
	public Mono<User> create(String typed, String password, List<String> roles) {
		String username = (typed != null) ? Normalizer.normalize(typed, Normalizer.Form.NFKC) : null;
		if (username == null || !USERNAME.matcher(username).matches()) {
			return Mono.error(OAuthError
				.invalidRequest("username must be 1-100 characters of letters, digits and . _ @ + -")
				.exception());
		}
		List<String> checkedRoles;
		try {
			checkedRoles = validRoles((roles != null) ? roles : List.of());
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(OAuthError.invalidRequest(ex.getMessage()).exception());
		}
		return this.policy.check(username, password)
			.then(Mono.defer(() -> this.hasher.hash(password)))
			.flatMap((hash) -> insert(username, hash, checkedRoles));
	}

	private Mono<User> insert(String username, String hash, List<String> roles) {
		Instant now = this.clock.instant();
		return this.users
			.insert(new User(UUID.randomUUID(), username, UsernameKey.of(username), hash, List.copyOf(roles), now, now,
					null, null))
			.onErrorMap(DataIntegrityViolationException.class,
					(ex) -> OAuthError.conflict("username_taken", "username is already taken").exception());
	}

	/**
	 * The roles, each once in the order given, when they are valid: at most {@value #MAX_ROLES} names of
	 * a lowercase letter then up to 39 lowercase letters, digits, {@code _} or {@code -}.
	 * @throws IllegalArgumentException saying what is wrong, for a 400 {@code invalid_request}
	 */
	public List<String> validRoles(List<String> roles) {
		if (roles == null) {
			throw new IllegalArgumentException("roles must be a list of role names");
		}
		if (!roles.stream().allMatch((role) -> role != null && ROLE.matcher(role).matches())) {
			throw new IllegalArgumentException("roles must be lowercase names");
		}
		List<String> distinct = roles.stream().distinct().toList();
		if (distinct.size() > MAX_ROLES) {
			throw new IllegalArgumentException("at most " + MAX_ROLES + " roles");
		}
		return distinct;
	}

	/**
	 * Checks a login's username and password, doing the same work for an unknown user as for a wrong
	 * password. A password over {@link PasswordLength#MAX} is refused before any work (it can never
	 * have been set).
	 */
	public Mono<LoginCheck> check(String username, String password) {
		if (PasswordLength.isTooLong(password)) {
			return Mono.error(OAuthError.invalidRequest(PasswordLength.TOO_LONG).exception());
		}
		Mono<Optional<User>> found = findByUsername(username).map(Optional::of).defaultIfEmpty(Optional.empty());
		return found.flatMap((user) -> this.hasher.matches(password, user.map(User::passwordHash).orElse(null))
			.map((matches) -> new LoginCheck(user.orElse(null), matches && user.isPresent())));
	}

	/**
	 * Locks the user's row for the caller's transaction if the user is still enabled, and emits whether
	 * it is: a login creates its session under this lock, so it either commits before a disable (whose
	 * end of every session then includes it) or finds the user disabled.
	 */
	public Mono<Boolean> lockIfEnabled(UUID userId) {
		return this.users.lockIfEnabled(userId);
	}

	/**
	 * The user as it is now, under its row lock for the caller's transaction, if it is still as
	 * {@code checked} was when its password was checked: enabled, with the same password hash. Empty
	 * when an administrator disabled it or a password was set meanwhile, so that a request that
	 * waited behind such a change does not act on the old password.
	 */
	public Mono<User> lockUnchanged(User checked) {
		return this.users.lockIfEnabled(checked.id())
			.flatMap((enabled) -> enabled ? this.users.findById(checked.id()) : Mono.<User>empty())
			.filter((fresh) -> fresh.passwordHash().equals(checked.passwordHash()));
	}

	/** The user whose password this is; empty for an unknown user or a wrong password, after the same work. */
	public Mono<User> authenticate(String username, String password) {
		return check(username, password).filter(LoginCheck::succeeded).map(LoginCheck::user);
	}

	/**
	 * What a login's credentials turned out to be.
	 *
	 * @param user the user the username names, {@code null} when there is none
	 * @param passwordMatches whether the password is that user's
	 */
	public record LoginCheck(User user, boolean passwordMatches) {

		/** Whether the login may go on: the user's password, and the user not disabled. */
		public boolean succeeded() {
			return this.passwordMatches && !this.user.isDisabled();
		}

	}

	/** Completes when {@code newPassword} meets the policy for {@code user}; 400 {@code invalid_request} otherwise. */
	public Mono<Void> checkNewPassword(User user, String newPassword) {
		return this.policy.check(user.username(), newPassword);
	}

	/** Whether {@code password} is the user's password (one Argon2 verification, off the event loop). */
	public Mono<Boolean> passwordMatches(User user, String password) {
		return this.hasher.matches(password, user.passwordHash());
	}

	/** The stored form of a new password (Argon2id, off the event loop), to {@link #setPasswordHash set} later. */
	public Mono<String> hashPassword(String password) {
		return this.hasher.hash(password);
	}

	/** Stores a new password hash, in the caller's transaction if there is one. */
	public Mono<Void> setPasswordHash(UUID userId, String hash) {
		return this.users.updatePassword(userId, hash, this.clock.instant()).then();
	}

	/** Locks the user's row for the caller's transaction: checks and changes on one user then serialise. */
	public Mono<Void> lock(UUID userId) {
		return this.users.lock(userId);
	}

	/**
	 * The user that {@code username}, in any spelling with the same {@link UsernameKey}, names. A name no
	 * user can have (a NUL, a space, …) is not looked up, only answered like an unknown one.
	 */
	public Mono<User> findByUsername(String username) {
		String key = UsernameKey.of(username);
		return (key != null && KEY.matcher(key).matches()) ? this.users.findByKey(key) : Mono.empty();
	}

	public Mono<User> findById(UUID id) {
		return this.users.findById(id);
	}

	/** {@link UserRepository#page}: a page of users by username-key prefix, in key order. */
	public Flux<User> page(String prefix, String after, int limit) {
		return this.users.page(prefix, after, limit);
	}

	/** Locks every enabled admin's row for the caller's transaction, in id order, and emits their ids. */
	public Mono<List<UUID>> lockEnabledAdmins() {
		return this.users.lockEnabledAdmins();
	}

	/** Disables the user ({@code at} and {@code by} set) or, with {@code null}s, enables it. */
	public Mono<Void> setDisabled(UUID userId, Instant at, UUID by) {
		return this.users.setDisabled(userId, at, by);
	}

	/** Replaces the user's roles (already {@link #validRoles validated}). */
	public Mono<Void> setRoles(UUID userId, List<String> roles) {
		return this.users.setRoles(userId, roles);
	}

	/** Deletes the user; its sessions go with it, so end them first. */
	public Mono<Void> delete(UUID userId) {
		return this.users.delete(userId);
	}

	Mono<Boolean> adminExists() {
		return this.users.anyWithRole(User.ADMIN_ROLE);
	}

}

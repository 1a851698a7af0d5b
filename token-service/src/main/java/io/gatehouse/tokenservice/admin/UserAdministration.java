package io.gatehouse.tokenservice.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionProperties;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.user.Roles;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * What an administrator does to a user: disable and enable, delete, change roles, set a password.
 * Each change, the end of the user's sessions it causes ({@code revoked_admin}, in the timeline and on
 * the revocation feed) and its {@link AdminActions} record commit in one transaction, bounded by the
 * store timeout. Enabled admins' rows are locked first, then the target's, so two administrators
 * demoting each other serialise and one of them is refused: there is always an enabled admin.
 * An administrator cannot disable, delete or demote themselves (409 {@code own_account}), nor the last
 * enabled admin (409 {@code last_admin}).
 */
@Service
public final class UserAdministration {

	private final UserService users;

	private final SessionService sessions;

	private final AdminActions actions;

	private final TransactionalOperator transaction;

	private final Clock clock;

	private final Duration storeTimeout;

	UserAdministration(UserService users, SessionService sessions, AdminActions actions,
			TransactionalOperator transaction, Clock clock, SessionProperties properties) {
		this.users = users;
		this.sessions = sessions;
		this.actions = actions;
		this.transaction = transaction;
		this.clock = clock;
		this.storeTimeout = properties.storeTimeout();
	}

	/** Creates a user ({@link UserService#create}'s rules and answers), recorded as {@code created}. */
	public Mono<User> create(VerifiedAccessToken caller, String username, String password, List<String> roles,
			RequestOrigin origin) {
		return lockedActor(caller).flatMap((actor) -> this.users.create(username, password, roles)
			.flatMap((created) -> this.actions.record(this.clock.instant(), actor, created, AdminAction.CREATED,
					"roles [" + Roles.format(created.roles()) + "]", origin)
				.thenReturn(created)))
			.as(this.transaction::transactional)
			.timeout(this.storeTimeout);
	}

	/** Ends every live session of the user ({@code revoked_admin}). */
	public Mono<Void> endAllSessions(VerifiedAccessToken caller, String username, RequestOrigin origin) {
		return change(caller, username, (actor, target) -> endSessions(actor, target, origin)
			.flatMap((ended) -> this.actions.record(this.clock.instant(), actor, target, AdminAction.SESSIONS_ENDED,
					ended + " sessions ended", origin)
				.thenReturn(target)))
			.then();
	}

	/** Disables the user and ends every session; a disabled user stays as it is. */
	public Mono<User> disable(VerifiedAccessToken caller, String username, RequestOrigin origin) {
		return change(caller, username, (actor, target) -> {
			if (target.isDisabled()) {
				return Mono.just(target);
			}
			Instant now = this.clock.instant();
			return refuseOwnAccount(actor, target, "disable").then(refuseLastAdmin(target))
				.then(this.users.setDisabled(target.id(), now, actor.id()))
				.then(endSessions(actor, target, origin))
				.flatMap((ended) -> this.actions.record(now, actor, target, AdminAction.DISABLED, ended + " sessions ended",
						origin))
				.then(this.users.findById(target.id()));
		});
	}

	/** Lets a disabled user log in again; an enabled user stays as it is. */
	public Mono<User> enable(VerifiedAccessToken caller, String username, RequestOrigin origin) {
		return change(caller, username, (actor, target) -> !target.isDisabled() ? Mono.just(target)
				: this.users.setDisabled(target.id(), null, null)
					.then(this.actions.record(this.clock.instant(), actor, target, AdminAction.ENABLED, null, origin))
					.then(this.users.findById(target.id())));
	}

	/** Ends every session of the user and deletes the account; its timeline and the admin actions stay. */
	public Mono<Void> delete(VerifiedAccessToken caller, String username, RequestOrigin origin) {
		return change(caller, username,
				(actor, target) -> refuseOwnAccount(actor, target, "delete").then(refuseLastAdmin(target))
					.then(endSessions(actor, target, origin))
					.flatMap((ended) -> this.actions.record(this.clock.instant(), actor, target, AdminAction.DELETED,
							ended + " sessions ended", origin))
					.then(this.users.delete(target.id()))
					.thenReturn(target))
			.then();
	}

	/**
	 * Replaces the user's roles. Taking a role away ends every session (their access tokens carry the
	 * old roles); adding one takes effect at the next refresh.
	 */
	public Mono<User> setRoles(VerifiedAccessToken caller, String username, List<String> requested,
			RequestOrigin origin) {
		List<String> roles;
		try {
			roles = this.users.validRoles(requested);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(OAuthError.invalidRequest(ex.getMessage()).exception());
		}
		return change(caller, username, (actor, target) -> {
			boolean demoted = target.isAdmin() && !roles.contains(User.ADMIN_ROLE);
			Mono<Void> allowed = demoted ? refuseOwnAccount(actor, target, "remove the admin role of")
				.then(refuseLastAdmin(target)) : Mono.empty();
			boolean removed = !roles.containsAll(target.roles());
			return allowed.then(this.users.setRoles(target.id(), roles))
				.then(removed ? endSessions(actor, target, origin) : Mono.just(0L))
				.then(this.actions.record(this.clock.instant(), actor, target, AdminAction.ROLES_CHANGED,
						"[" + Roles.format(target.roles()) + "] -> [" + Roles.format(roles) + "]", origin))
				.then(this.users.findById(target.id()));
		});
	}

	/** Sets a new password (the same policy as everywhere) and ends every session of the user. */
	public Mono<Void> setPassword(VerifiedAccessToken caller, String username, String password, RequestOrigin origin) {
		return requireAdmin(caller).then(this.users.findByUsername(username))
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such user").exception()))
			.flatMap((user) -> this.users.checkNewPassword(user, password))
			.then(Mono.defer(() -> this.users.hashPassword(password)))
			.flatMap((hash) -> change(caller, username, (actor, target) -> this.users.setPasswordHash(target.id(), hash)
				.then(endSessions(actor, target, origin))
				.flatMap((ended) -> this.actions.record(this.clock.instant(), actor, target, AdminAction.PASSWORD_SET,
						ended + " sessions ended", origin))
				.thenReturn(target)))
			.then();
	}

	/**
	 * The one place administration ends a user's sessions: every live one, {@code revoked_admin}, each in
	 * the timeline and on the revocation feed. Emits how many ended.
	 */
	Mono<Long> endSessions(User actor, User target, RequestOrigin origin) {
		return this.sessions.endAllSessionsOf(target.id(), null, SessionEndReason.REVOKED_ADMIN,
				origin.by(actor.id(), null), null);
	}

	/**
	 * Ends one session of the user ({@code revoked_admin}, the administrator's id on its end event),
	 * recorded as {@code session_ended}. A session id that is not one of the user's is 404
	 * {@code not_found}, as if it did not exist; a session that already ended stays as it ended, and
	 * nothing is recorded.
	 */
	public Mono<Void> endSession(VerifiedAccessToken caller, String username, UUID sessionId, RequestOrigin origin) {
		return change(caller, username, (actor, target) -> this.sessions.find(sessionId)
			.filter((session) -> session.userId().equals(target.id()))
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such session").exception()))
			.flatMap((session) -> {
				Instant now = this.clock.instant();
				return this.sessions
					.endWithin(session, SessionEndReason.REVOKED_ADMIN, origin.by(actor.id(), caller.sessionId()),
							"ended by administrator " + actor.username(), now)
					.flatMap((ended) -> ended ? this.actions.record(now, actor, target, AdminAction.SESSION_ENDED,
							"session " + session.id() + " (" + session.clientId() + ")", origin) : Mono.empty());
			})
			.thenReturn(target))
			.then();
	}

	/**
	 * Runs {@code action} on the user {@code username} names, for the administrator {@code caller}, in
	 * one transaction that first locks the enabled admins and then the target, and re-reads the target.
	 */
	private Mono<User> change(VerifiedAccessToken caller, String username, BiFunction<User, User, Mono<User>> action) {
		return lockedActor(caller).flatMap((actor) -> this.users.findByUsername(username)
			.switchIfEmpty(Mono.error(OAuthError.notFound("no such user").exception()))
			.flatMap((found) -> this.users.lock(found.id()).then(this.users.findById(found.id())))
			.flatMap((target) -> action.apply(actor, target)))
			.as(this.transaction::transactional)
			.timeout(this.storeTimeout);
	}

	/**
	 * The calling administrator, re-checked once the enabled admins' rows are locked: a caller disabled
	 * or demoted while its request waited for those locks is refused, not let through on its token.
	 */
	private Mono<User> lockedActor(VerifiedAccessToken caller) {
		return requireAdmin(caller).then(Mono.defer(() -> this.users.findById(caller.userId())))
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("unknown user").exception()))
			.flatMap((actor) -> this.users.lockEnabledAdmins()
				.filter((admins) -> admins.contains(actor.id()))
				.switchIfEmpty(Mono.error(OAuthError.insufficientScope("the admin role is required").exception()))
				.then(this.users.findById(actor.id())));
	}

	private static Mono<Void> requireAdmin(VerifiedAccessToken caller) {
		return caller.hasRole(User.ADMIN_ROLE) ? Mono.empty()
				: Mono.error(OAuthError.insufficientScope("the admin role is required").exception());
	}

	private static Mono<Void> refuseOwnAccount(User actor, User target, String verb) {
		return actor.id().equals(target.id())
				? Mono.error(OAuthError.conflict("own_account", "you cannot " + verb + " your own account").exception())
				: Mono.empty();
	}

	/** 409 {@code last_admin} when {@code target} is the only enabled admin (the admins are locked already). */
	private Mono<Void> refuseLastAdmin(User target) {
		if (!target.isAdmin() || target.isDisabled()) {
			return Mono.empty();
		}
		return this.users.lockEnabledAdmins()
			.filter((admins) -> admins.stream().noneMatch((UUID id) -> !id.equals(target.id())))
			.flatMap((onlyTarget) -> Mono.error(
					OAuthError.conflict("last_admin", "this is the last enabled admin; make another admin first")
						.exception()));
	}

}

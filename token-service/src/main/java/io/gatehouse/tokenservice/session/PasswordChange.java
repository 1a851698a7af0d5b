package io.gatehouse.tokenservice.session;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.user.PasswordLength;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.DatabaseFailures;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * {@code POST /auth/password}: a user changes the password from one of the user's live sessions.
 * As OWASP asks (renew the session on a privilege change), <em>every</em> session of the user ends
 * with {@code revoked_password_change}, the caller's too, and is published on the revocation feed;
 * the caller gets a new session on the same client. Anyone else who shared the caller's session (a
 * stolen refresh token kept alive by grace replays, a copied access token) loses it.
 * <p>
 * In order: the caller's session must be live (an access token of an ended session changes
 * nothing); the new password must meet the policy (400, before any guess is counted); the attempt is
 * reserved under {@link PasswordAttempts}' limits (429); the current password is checked (400
 * {@code invalid_current_password}, recorded as {@code password_change_failed} in the session's
 * timeline). The new hash, the ends (set-based: {@link SessionService#endAllSessionsOf}, so a thief's
 * thousands of sessions end as fast as a few) and the new session commit in one transaction, bounded
 * by the store timeout; a change the store aborts answers 503 {@code temporarily_unavailable} and
 * costs no guess.
 */
@Service
public final class PasswordChange {

	private final SessionService sessions;

	private final UserService users;

	private final PasswordAttempts attempts;

	private final ClientRegistry clients;

	private final TransactionalOperator transaction;

	private final Duration storeTimeout;

	PasswordChange(SessionService sessions, UserService users, PasswordAttempts attempts, ClientRegistry clients,
			TransactionalOperator transaction, SessionProperties properties) {
		this.sessions = sessions;
		this.users = users;
		this.attempts = attempts;
		this.clients = clients;
		this.transaction = transaction;
		this.storeTimeout = properties.storeTimeout();
	}

	/**
	 * Changes the caller's password and renews the caller's session.
	 * @return the caller's new session with its first refresh token, and its user
	 */
	public Mono<Renewed> change(VerifiedAccessToken caller, PasswordChangeRequest request, RequestOrigin origin) {
		if (PasswordLength.isTooLong(request.currentPassword())) {
			return Mono.error(OAuthError.invalidRequest(PasswordLength.TOO_LONG).exception());
		}
		return changeChecked(caller, request, origin)
			// Two Argon2 computations and the store's own bound: never an answer that does not come.
			.timeout(longestChange(this.storeTimeout));
	}

	/**
	 * The longest one change may take from the reservation of its attempt to its answer, after which
	 * it is abandoned: two Argon2 computations, the change's transaction and settling its attempt.
	 */
	static Duration longestChange(Duration storeTimeout) {
		return storeTimeout.multipliedBy(2).plusSeconds(10);
	}

	private Mono<Renewed> changeChecked(VerifiedAccessToken caller, PasswordChangeRequest request, RequestOrigin origin) {
		return liveSession(caller).flatMap((session) -> this.users.findById(session.userId())
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("unknown user").exception()))
			.flatMap((user) -> this.users.checkNewPassword(user, request.newPassword())
				.then(this.attempts.reserve(session, origin))
				.flatMap((attempt) -> this.users.passwordMatches(user, request.currentPassword())
					.flatMap((matches) -> matches ? renewOrRelease(user, session, attempt, request.newPassword(), origin)
							: this.attempts.failed(attempt).then(Mono.error(OAuthError.invalidCurrentPassword().exception()))))));
	}

	/**
	 * The right password: renews, or, when the store aborts the change, tells the store the attempt
	 * was no failure (if it still can; else the reservation stops counting once the change is over).
	 */
	private Mono<Renewed> renewOrRelease(User user, Session session, long attempt, String newPassword,
			RequestOrigin origin) {
		return renew(user, session, attempt, newPassword, origin).onErrorResume(DatabaseFailures::isUnavailable,
				(failure) -> this.attempts.aborted(attempt)
					.timeout(this.storeTimeout)
					.onErrorResume((ignored) -> Mono.empty())
					.then(Mono.error(failure)));
	}

	private Mono<Session> liveSession(VerifiedAccessToken caller) {
		return this.sessions.find(caller.sessionId())
			.filter((session) -> !session.isEnded() && session.userId().equals(caller.userId()))
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("the session has ended").exception()));
	}

	private Mono<Renewed> renew(User user, Session session, long attempt, String newPassword, RequestOrigin origin) {
		RegisteredClient client = this.clients.find(session.clientId())
			.orElseThrow(() -> OAuthError.invalidToken("the session's client is no longer registered").exception());
		return this.users.hashPassword(newPassword)
			.flatMap((hash) -> stillAsChecked(user, session)
				.then(this.users.setPasswordHash(user.id(), hash))
				.then(this.sessions.endAllSessionsOf(user.id(), null, SessionEndReason.REVOKED_PASSWORD_CHANGE, origin,
						null))
				.then(this.sessions.create(user, client, SignInMethod.PASSWORD_CHANGE, origin))
				// Last, so that the attempt's event is locked only while the change commits: an aborted change
				// can then mark it aborted at once.
				.flatMap((created) -> this.attempts.succeeded(attempt).thenReturn(created))
				.as(this.transaction::transactional)
				// Bounded by the store timeout (then rolled back, 503): the revocations it writes must commit
				// well within the feed's gap timeout of taking their ids, or a feed could give them up.
				.timeout(this.storeTimeout))
			.map((created) -> new Renewed(user, client, created));
	}

	/**
	 * Under the user's row lock, what the check saw still holds: the same password hash and the
	 * caller's session still live. A change that committed while this one waited (the owner's, when
	 * this is a thief's) ended the session and replaced the hash; this one must not overwrite it.
	 */
	private Mono<Void> stillAsChecked(User checked, Session session) {
		return this.users.lockUnchanged(checked)
			.flatMap((fresh) -> this.sessions.find(session.id()))
			.filter((fresh) -> !fresh.isEnded())
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("the session has ended").exception()))
			.then();
	}

	/**
	 * The caller's session after a password change.
	 *
	 * @param user the user, with the new password
	 * @param client the client of the ended and of the new session
	 * @param session the new session and its first refresh token
	 */
	public record Renewed(User user, RegisteredClient client, NewSession session) {
	}

}

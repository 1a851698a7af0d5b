package io.gatehouse.tokenservice.authorization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.refresh.RefreshTokens;
import io.gatehouse.tokenservice.session.NewSession;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionService;
import io.gatehouse.tokenservice.session.SignInMethod;
import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * Authorization codes (OAuth 2.1 §4.1.2, §4.1.3). A code is 256 random bits, stored only as its
 * SHA-256, bound to its client, redirect URI, PKCE challenge, user, scope, nonce and sign-in time,
 * and exchangeable once within {@code gatehouse.authorization.code-lifetime} of its issue (measured
 * to the token request's arrival). Invariant: a code buys at most one session. Consuming the code
 * and creating its session commit together, so a second presentation, even a concurrent one, finds
 * the code consumed and the session recorded, and then revokes that session
 * ({@code revoked_code_replay}: the code leaked) as well as being answered {@code invalid_grant}.
 */
@Component
public final class AuthorizationCodes {

	private final AuthorizationStore store;

	private final SessionService sessions;

	private final UserService users;

	private final TransactionalOperator transaction;

	private final AuthorizationProperties properties;

	private final Clock clock;

	AuthorizationCodes(AuthorizationStore store, SessionService sessions, UserService users,
			TransactionalOperator transaction, AuthorizationProperties properties, Clock clock) {
		this.store = store;
		this.sessions = sessions;
		this.users = users;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Completes {@code request} for {@code user}, who entered the password at {@code authTime}, and
	 * emits the new code; empty when the request was completed already (a form sent twice).
	 */
	public Mono<String> issue(AuthorizationRequest request, User user, Instant authTime) {
		String code = RefreshTokens.generate();
		Instant now = this.clock.instant();
		AuthorizationCode stored = new AuthorizationCode(RefreshTokens.hash(code), request.clientId(),
				request.redirectUri(), request.codeChallenge(), user.id(), request.scope(), request.nonce(), authTime,
				passwordFingerprint(user), now,
				now.plus(this.properties.codeLifetime()), null, null);
		return this.store.complete(request.id(), now)
			.filter((completed) -> completed == 1)
			.flatMap((completed) -> this.store.insert(stored).thenReturn(code))
			.as(this.transaction::transactional);
	}

	/**
	 * Exchanges {@code code} for a new session of {@code client}, or fails with {@code invalid_grant}:
	 * unknown, expired at {@code arrival}, issued to another client or for another redirect URI, a
	 * {@code code_verifier} missing or not matching the challenge, or used before (which also
	 * revokes the session it was exchanged for).
	 */
	public Mono<Exchanged> exchange(String code, RegisteredClient client, String redirectUri, String verifier,
			RequestOrigin origin, Instant arrival) {
		String hash = RefreshTokens.hash(code);
		return this.store.findCode(hash)
			.switchIfEmpty(Mono.error(OAuthError.invalidGrant("unknown authorization code").exception()))
			.flatMap((stored) -> {
				if (stored.consumedAt() != null) {
					return replayed(stored, origin);
				}
				String mismatch = mismatch(stored, client, redirectUri, verifier, arrival);
				if (mismatch != null) {
					return Mono.error(OAuthError.invalidGrant(mismatch).exception());
				}
				return redeem(stored, client, origin);
			});
	}

	private static String mismatch(AuthorizationCode stored, RegisteredClient client, String redirectUri,
			String verifier, Instant arrival) {
		if (!arrival.isBefore(stored.expiresAt())) {
			return "authorization code expired";
		}
		if (!stored.clientId().equals(client.id())) {
			return "authorization code was issued to another client";
		}
		if (!stored.redirectUri().equals(redirectUri)) {
			return "redirect_uri differs from the authorization request's";
		}
		if (verifier == null) {
			return "code_verifier is required";
		}
		if (!Pkce.verifies(verifier, stored.codeChallenge())) {
			return "code_verifier does not match the code_challenge";
		}
		return null;
	}

	private Mono<Exchanged> redeem(AuthorizationCode stored, RegisteredClient client, RequestOrigin origin) {
		Instant now = this.clock.instant();
		return this.store.consume(stored.codeHash(), now)
			.flatMap((consumed) -> (consumed == 1) ? createSession(stored, client, origin)
					: Mono.<Exchanged>error(new ConcurrentlyConsumed()))
			.as(this.transaction::transactional)
			.onErrorResume(ConcurrentlyConsumed.class, (ex) -> this.store.findCode(stored.codeHash())
				.flatMap((again) -> replayed(again, origin)));
	}

	private Mono<Exchanged> createSession(AuthorizationCode stored, RegisteredClient client, RequestOrigin origin) {
		// Under the user's row lock (the session's creation takes it first): a password set or reset after
		// this sign-in, by the owner or an administrator, voids the code, as it ends every session.
		return this.users.lock(stored.userId())
			.then(this.users.findById(stored.userId()))
			.switchIfEmpty(Mono.error(OAuthError.invalidGrant("the user no longer exists").exception()))
			.filter((user) -> MessageDigest.isEqual(passwordFingerprint(user).getBytes(StandardCharsets.US_ASCII),
					stored.passwordFingerprint().getBytes(StandardCharsets.US_ASCII)))
			.switchIfEmpty(Mono.error(OAuthError.invalidGrant("the password was changed after this sign-in").exception()))
			.flatMap((user) -> this.sessions.create(user, client, stored.scope(), SignInMethod.CODE, origin)
				.flatMap((created) -> this.store.recordSession(stored.codeHash(), created.session().id())
					.thenReturn(new Exchanged(user, created, stored))));
	}

	/** Changes whenever a password is set: the stored hash carries a new random salt. */
	private static String passwordFingerprint(User user) {
		return RefreshTokens.hash(user.passwordHash());
	}

	/** The code was used before: the session it bought ends, and the answer is {@code invalid_grant}. */
	private Mono<Exchanged> replayed(AuthorizationCode stored, RequestOrigin origin) {
		Mono<Boolean> revoke = (stored.sessionId() == null) ? Mono.just(false)
				: this.sessions.find(stored.sessionId())
					.flatMap((session) -> this.sessions.end(session, SessionEndReason.REVOKED_CODE_REPLAY, origin,
							"authorization code presented again"));
		return revoke.then(Mono.error(OAuthError.invalidGrant("authorization code already used").exception()));
	}

	/**
	 * A code exchanged for a session.
	 *
	 * @param user who signed in
	 * @param session the new session and its first refresh token
	 * @param code what the code was bound to (scope, nonce, sign-in time)
	 */
	public record Exchanged(User user, NewSession session, AuthorizationCode code) {
	}

	/** Another request consumed the code between this one's read and its update. */
	private static final class ConcurrentlyConsumed extends RuntimeException {

		ConcurrentlyConsumed() {
			super("authorization code consumed concurrently", null, false, false);
		}

	}

}

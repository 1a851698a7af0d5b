package io.gatehouse.tokenservice.refresh;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.Session;

/**
 * RFC 7662 introspection of a refresh token, for the client it was issued to (browser mode's
 * {@code GET /session} at the gateway): {@code active} while it is a token of the session's current
 * generation and the session is live, with the session's {@code exp} — the earlier of its idle and
 * absolute expiry — and which of the two that is ({@code expires_by}). It only reads: it never
 * rotates, extends, counts as activity or triggers reuse detection, and records nothing. Another
 * client's token, a rotated-away token, an ended or expired session: {@code {"active":false}}.
 */
@Component
public final class RefreshTokenIntrospection {

	private static final Map<String, Object> INACTIVE = Map.of("active", false);

	private final RefreshTokenRepository tokens;

	private final Clock clock;

	RefreshTokenIntrospection(RefreshTokenRepository tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	/** Whether {@code token} looks like a refresh token at all (a JWT has dots, a refresh token none). */
	public static boolean isRefreshToken(String token) {
		return RefreshTokens.isWellFormed(token);
	}

	public Mono<Map<String, Object>> describe(String token, RegisteredClient client) {
		if (!RefreshTokens.isWellFormed(token)) {
			return Mono.just(INACTIVE);
		}
		return this.tokens.findByHash(RefreshTokens.hash(token))
			.map((presented) -> describe(presented, client, this.clock.instant()))
			.defaultIfEmpty(INACTIVE);
	}

	private static Map<String, Object> describe(PresentedToken presented, RegisteredClient client, Instant now) {
		Session session = presented.session();
		if (!session.clientId().equals(client.id()) || session.isEnded() || session.expiryAt(now) != null
				|| presented.generation() != session.generation()) {
			return INACTIVE;
		}
		boolean idleFirst = session.idleExpiresAt().isBefore(session.absoluteExpiresAt());
		Instant expiresAt = idleFirst ? session.idleExpiresAt() : session.absoluteExpiresAt();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("active", true);
		body.put("token_type", "refresh_token");
		body.put("sub", session.userId().toString());
		body.put("sid", session.id().toString());
		body.put("client_id", session.clientId());
		body.put("username", presented.username());
		body.put("scope", session.scope());
		body.put("iat", session.createdAt().getEpochSecond());
		body.put("exp", expiresAt.getEpochSecond());
		body.put("expires_by", idleFirst ? "idle" : "absolute");
		return body;
	}

}

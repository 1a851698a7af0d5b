package io.gatehouse.gateway.browser;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The session cookie {@value #NAME}: the refresh token and the access token of one session, in that
 * order, separated by a dot ({@code <refresh token>.<JWT>}). Nothing in it needs a secret of the
 * gateway: the access token is verified like a bearer token, and the refresh token is bound to the
 * gateway's confidential client, so a stolen value cannot be redeemed at the token endpoint. Any
 * replica reads any cookie, and a restart loses nothing. {@code __Host-}: {@code Secure},
 * {@code Path=/}, no {@code Domain}, so no other host (a sibling subdomain) can set or overwrite it.
 *
 * @param refreshToken the session's refresh token
 * @param accessToken its current access token (a compact JWS)
 */
record SessionCookie(String refreshToken, String accessToken) {

	static final String NAME = "__Host-gatehouse-session";

	/** The token service's refresh tokens (base64url) and a compact JWS; anything else is not ours. */
	private static final Pattern REFRESH = Pattern.compile("[A-Za-z0-9_-]{32,512}");

	private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

	/** Far below every browser's 4 KiB per cookie. */
	static final int MAX_LENGTH = 3800;

	/** What the request carries under {@value #NAME}. */
	sealed interface Found {

		/** No session cookie. */
		record None() implements Found {
		}

		/** A cookie that is not one the gateway wrote (or several of them): it is cleared. */
		record Malformed() implements Found {
		}

		record Present(SessionCookie cookie) implements Found {
		}

	}

	static Found find(ServerHttpRequest request) {
		var cookies = request.getCookies().get(NAME);
		if (cookies == null || cookies.isEmpty()) {
			return new Found.None();
		}
		if (cookies.size() > 1) {
			return new Found.Malformed();
		}
		return parse(cookies.get(0).getValue()).<Found>map(Found.Present::new).orElseGet(Found.Malformed::new);
	}

	static boolean isPresent(ServerHttpRequest request) {
		return request.getCookies().containsKey(NAME);
	}

	static Optional<SessionCookie> parse(String value) {
		if (value == null || value.length() > MAX_LENGTH) {
			return Optional.empty();
		}
		int dot = value.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		String refresh = value.substring(0, dot);
		String access = value.substring(dot + 1);
		if (!REFRESH.matcher(refresh).matches() || !JWS.matcher(access).matches()) {
			return Optional.empty();
		}
		return Optional.of(new SessionCookie(refresh, access));
	}

	String value() {
		return this.refreshToken + '.' + this.accessToken;
	}

	/** The cookie for this session, living {@code lifetime} (or the browser session when not persistent). */
	ResponseCookie toCookie(Duration lifetime, BrowserProperties properties) {
		ResponseCookie.ResponseCookieBuilder builder = BrowserCookies.builder(NAME, value(), properties);
		if (properties.persistentCookies()) {
			builder.maxAge(lifetime.isNegative() ? Duration.ZERO : lifetime);
		}
		return builder.build();
	}

}

package io.gatehouse.gateway.browser;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The attributes every cookie of browser mode has, in one place so that clearing a cookie repeats
 * exactly the attributes it was set with: {@code __Host-} names, {@code HttpOnly}, {@code Secure},
 * {@code Path=/}, no {@code Domain}, {@code SameSite} as configured. {@code Secure} also on
 * {@code http://localhost}, which Chromium and Firefox treat as a secure context, so development and
 * production send the same attributes.
 */
final class BrowserCookies {

	/** The prefix of the gateway's own cookies; none of them ever reaches an upstream. */
	static final String PREFIX = "__Host-gatehouse-";

	private BrowserCookies() {
	}

	static ResponseCookie.ResponseCookieBuilder builder(String name, String value, BrowserProperties properties) {
		return ResponseCookie.from(name, value)
			.httpOnly(true)
			.secure(true)
			.path("/")
			.sameSite(properties.sameSite().attribute());
	}

	/** The cookie removed: an empty value, {@code Max-Age=0}, the same attributes. */
	static ResponseCookie cleared(String name, BrowserProperties properties) {
		return builder(name, "", properties).maxAge(Duration.ZERO).build();
	}

	/** Clears the session cookie (and a pending sign-in's) on this response. */
	static void clearSession(ServerHttpResponse response, BrowserProperties properties) {
		response.addCookie(cleared(SessionCookie.NAME, properties));
	}

	/** No cache may keep an answer that sets a session cookie. */
	static void noStore(ServerHttpResponse response) {
		response.beforeCommit(() -> {
			response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
			return reactor.core.publisher.Mono.empty();
		});
	}

	/** Whether {@code name} is one of the gateway's own cookies. */
	static boolean isOwn(String name) {
		return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
	}

}

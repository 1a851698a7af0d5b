package io.gatehouse.gateway.browser;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Answers to a cookie session kept out of shared caches (a CDN, a corporate proxy), as answers to
 * {@code Authorization} are by RFC 9111 §3.5. A cache in front of the gateway sees a cookie, not a
 * token, and may store and serve one user's page to the next: so these answers carry
 * {@code Vary: Cookie} and {@code Cache-Control: private}, unless the upstream said explicitly that
 * the answer may be shared ({@code public}, {@code s-maxage}) or must not be stored at all
 * ({@code no-store}) — the same exceptions a shared cache makes for {@code Authorization}.
 */
final class SharedCaches {

	private static final List<String> EXPLICIT = List.of("private", "no-store", "public", "s-maxage");

	private SharedCaches() {
	}

	static void keepPrivate(ServerHttpResponse response) {
		response.beforeCommit(() -> {
			HttpHeaders headers = response.getHeaders();
			if (!headers.getVary().contains("*")) {
				headers.add(HttpHeaders.VARY, HttpHeaders.COOKIE);
			}
			headers.setCacheControl(privateCacheControl(headers.getCacheControl()));
			return Mono.empty();
		});
	}

	/** {@code cacheControl} with {@code private} added, unless it says how shared caches must treat it. */
	static String privateCacheControl(String cacheControl) {
		if (cacheControl == null || cacheControl.isBlank()) {
			return "private";
		}
		String lower = cacheControl.toLowerCase(Locale.ROOT);
		for (String directive : lower.split(",")) {
			String name = directive.strip();
			int equals = name.indexOf('=');
			if (EXPLICIT.contains((equals < 0) ? name : name.substring(0, equals).strip())) {
				return cacheControl;
			}
		}
		return cacheControl + ", private";
	}

}

package io.gatehouse.gateway.browser;

import java.util.HashSet;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Cross-site request forgery defence for requests that a cookie authenticates (OWASP's "Fetch
 * Metadata" and "Verifying Origin" defences): a safe method ({@code GET}, {@code HEAD},
 * {@code OPTIONS}) passes, except a WebSocket handshake (cross-site WebSocket hijacking); an unsafe one passes when the browser says it is {@code same-origin} in
 * {@code Sec-Fetch-Site} ({@code same-site} too when allowed), or its {@code Origin} is the gateway's
 * public origin or an allowed one, or — sending neither header — it carries the configured custom
 * header; anything else —
 * including a request with neither header — is refused before it reaches any upstream. Bearer
 * requests carry no ambient credential and are never checked.
 */
final class CrossSiteRequestCheck {

	static final String FETCH_SITE = "Sec-Fetch-Site";

	private final Set<String> origins = new HashSet<>();

	private final boolean allowSameSite;

	private final String customHeader;

	CrossSiteRequestCheck(BrowserProperties properties) {
		this.origins.add(properties.origin());
		properties.allowedOrigins().forEach((origin) -> this.origins.add(strip(origin)));
		this.allowSameSite = properties.allowSameSite();
		this.customHeader = properties.csrfHeader().isBlank() ? null : properties.csrfHeader().trim();
	}

	/** Why this cookie-authenticated request is refused, or {@code null} when it may go on. */
	String refusal(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		HttpHeaders headers = request.getHeaders();
		// A WebSocket handshake is a GET that opens a two-way channel with the cookie: as unsafe as a POST.
		boolean upgrade = "websocket".equalsIgnoreCase(headers.getUpgrade());
		if (!upgrade && (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method))) {
			return null;
		}
		String site = single(headers, FETCH_SITE);
		if ("same-origin".equals(site) || (this.allowSameSite && "same-site".equals(site))) {
			return null;
		}
		String origin = single(headers, HttpHeaders.ORIGIN);
		if (origin != null && this.origins.contains(origin)) {
			return null;
		}
		if (site == null && origin == null && this.customHeader != null && headers.containsHeader(this.customHeader)) {
			// Only for old clients that send no fetch metadata and no Origin: never over an explicit cross-site signal.
			return null;
		}
		if (site == null && origin == null) {
			return "a " + method.name() + " with the session cookie must say where it comes from (Sec-Fetch-Site or Origin)";
		}
		return "a " + method.name() + " with the session cookie from "
				+ ((origin != null) ? "origin " + printable(origin) : "a " + printable(site) + " page")
				+ " is not accepted: only this site's own pages may send it";
	}

	private static String single(HttpHeaders headers, String name) {
		var values = headers.get(name);
		return (values == null || values.size() != 1) ? null : values.get(0).trim();
	}

	private static String strip(String origin) {
		String value = origin.trim();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	/** An attacker's header, echoed safely: printable ASCII, at most 100 characters. */
	private static String printable(String value) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < value.length() && out.length() < 100; i++) {
			char c = value.charAt(i);
			out.append((c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '?');
		}
		return out.toString();
	}

}

package io.gatehouse.tokenservice.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Redirect URI rules. Matching is exact (string equality, OAuth 2.1 §2.3.1) with one exception for
 * public clients (native apps): a registered {@code http} loopback IP literal ({@code 127.0.0.1},
 * {@code [::1]}) matches any port (RFC 8252 §7.3), since a native app gets its port from the
 * operating system when it starts. A confidential client's loopback redirect must match exactly.
 * Checked once at startup: absolute, no fragment (RFC 6749 §3.1.2), {@code https}, {@code http}
 * only for loopback hosts outside development, or a private-use scheme with a dot in it
 * (RFC 8252 §7.1, reverse domain name).
 */
public final class RedirectUris {

	private RedirectUris() {
	}

	/** Whether {@code requested} is one of the {@code client}'s redirect URIs. */
	public static boolean matches(RegisteredClient client, String requested) {
		return matches(client.policy().redirectUris(), requested, !client.policy().isConfidential());
	}

	/** Whether {@code requested} is one of {@code registered}, a loopback one on any port if {@code anyLoopbackPort}. */
	static boolean matches(List<String> registered, String requested, boolean anyLoopbackPort) {
		if (requested == null) {
			return false;
		}
		for (String candidate : registered) {
			if (candidate.equals(requested) || (anyLoopbackPort && loopbackMatches(candidate, requested))) {
				return true;
			}
		}
		return false;
	}

	private static boolean loopbackMatches(String registered, String requested) {
		URI a = parse(registered);
		URI b = parse(requested);
		if (a == null || b == null || !"http".equals(a.getScheme()) || !"http".equals(b.getScheme())
				|| !isLoopbackLiteral(a.getHost())) {
			return false;
		}
		return a.getHost().equals(b.getHost()) && a.getRawUserInfo() == null && b.getRawUserInfo() == null
				&& Objects.equals(a.getRawPath(), b.getRawPath()) && Objects.equals(a.getRawQuery(), b.getRawQuery())
				&& b.getRawFragment() == null;
	}

	/** Why {@code uri} cannot be registered, or {@code null} when it can. */
	public static String problem(String uri, boolean production) {
		URI parsed = parse(uri);
		if (parsed == null || !parsed.isAbsolute()) {
			return "is not an absolute URI";
		}
		if (parsed.getRawFragment() != null || uri.contains("#")) {
			return "must not have a fragment (RFC 6749 §3.1.2)";
		}
		String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
		if ("https".equals(scheme)) {
			return (parsed.getHost() != null) ? null : "has no host";
		}
		if ("http".equals(scheme)) {
			if (parsed.getHost() == null) {
				return "has no host";
			}
			return (production && !isLoopback(parsed.getHost()))
					? "uses http to a host that is not loopback: use https in production" : null;
		}
		return scheme.contains(".") ? null
				: "uses the scheme " + scheme + ": a private-use scheme must be a reverse domain name (RFC 8252 §7.1)";
	}

	/** The CSP source that allows a form's redirect to {@code uri}: its origin, or {@code scheme:}. */
	public static String cspSource(String uri) {
		URI parsed = parse(uri);
		if (parsed == null || parsed.getScheme() == null) {
			return null;
		}
		if (parsed.getHost() == null || !parsed.getScheme().startsWith("http")) {
			return parsed.getScheme() + ":";
		}
		return parsed.getScheme() + "://" + parsed.getRawAuthority();
	}

	private static boolean isLoopback(String host) {
		return isLoopbackLiteral(host) || "localhost".equalsIgnoreCase(host);
	}

	private static boolean isLoopbackLiteral(String host) {
		return host != null && (host.equals("127.0.0.1") || host.equals("[::1]"));
	}

	private static URI parse(String uri) {
		try {
			return new URI(uri);
		}
		catch (URISyntaxException | NullPointerException ex) {
			return null;
		}
	}

}

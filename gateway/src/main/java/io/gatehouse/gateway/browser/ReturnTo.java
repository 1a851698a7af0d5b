package io.gatehouse.gateway.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a sign-in may land: only a path of this origin ({@code /app/?tab=2}), never another site.
 * Refused: anything not starting with one {@code /} ({@code //evil.example} and {@code /\evil.example}
 * are other hosts to a browser), backslashes, control characters and spaces (browsers drop tabs and
 * newlines, turning {@code /\t/evil.example} into {@code //evil.example}), a scheme or authority, and
 * more than {@value #MAX_LENGTH} characters.
 */
final class ReturnTo {

	static final int MAX_LENGTH = 512;

	private ReturnTo() {
	}

	/** {@code value} if it is a safe same-origin path. */
	static Optional<String> check(String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.charAt(0) != '/') {
			return Optional.empty();
		}
		if (value.length() > 1 && (value.charAt(1) == '/' || value.charAt(1) == '\\')) {
			return Optional.empty();
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c <= ' ' || c == '\\' || c >= 0x7f) {
				return Optional.empty();
			}
		}
		try {
			URI uri = new URI(value);
			if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
					|| !uri.getRawPath().startsWith("/")) {
				return Optional.empty();
			}
		}
		catch (URISyntaxException ex) {
			return Optional.empty();
		}
		return Optional.of(value);
	}

	/** The path and query of the request being answered, to come back to after signing in ({@code /} if too long). */
	static String of(URI requested) {
		String path = (requested.getRawPath() == null || requested.getRawPath().isEmpty()) ? "/" : requested.getRawPath();
		String full = (requested.getRawQuery() != null) ? path + '?' + requested.getRawQuery() : path;
		return check(full).or(() -> check(path)).orElse("/");
	}

}

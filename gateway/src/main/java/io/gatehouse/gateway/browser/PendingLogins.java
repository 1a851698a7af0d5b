package io.gatehouse.gateway.browser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The sign-ins a browser has started and not finished, in the cookie {@value #NAME}: for each, its
 * {@code state}, PKCE {@code code_verifier}, {@code return_to} and when it lapses, newest first. One
 * list per browser, so two tabs signing in at once each find their own attempt at the callback; at
 * most {@code max-pending-logins} attempts and {@value #MAX_LENGTH} characters, older ones dropped, so
 * the cookie never piles up into a request too large to send (431). Invariant: every attempt in a
 * written cookie is unexpired at writing, and the cookie's length stays within {@value #MAX_LENGTH}.
 * The values need no gateway secret: {@code __Host-} and {@code HttpOnly} keep other sites and
 * scripts from reading or setting them, and the callback checks {@code return_to} again.
 */
final class PendingLogins {

	static final String NAME = "__Host-gatehouse-login";

	static final int MAX_LENGTH = 3000;

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final List<PendingLogin> attempts;

	private PendingLogins(List<PendingLogin> attempts) {
		this.attempts = attempts;
	}

	/** One started sign-in. */
	record PendingLogin(String state, String verifier, String returnTo, Instant expiresAt) {

		String encoded() {
			return this.state + '~' + this.verifier + '~' + this.expiresAt.getEpochSecond() + '~'
					+ ENCODER.encodeToString(this.returnTo.getBytes(StandardCharsets.UTF_8));
		}

		static Optional<PendingLogin> decode(String text) {
			String[] fields = text.split("~", -1);
			if (fields.length != 4 || !TOKEN.matcher(fields[0]).matches() || !TOKEN.matcher(fields[1]).matches()) {
				return Optional.empty();
			}
			try {
				Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[2]));
				String returnTo = new String(Base64.getUrlDecoder().decode(fields[3]), StandardCharsets.UTF_8);
				return ReturnTo.check(returnTo).map((safe) -> new PendingLogin(fields[0], fields[1], safe, expiresAt));
			}
			catch (IllegalArgumentException | java.time.DateTimeException ex) {
				return Optional.empty();
			}
		}

	}

	/** The unexpired attempts the request carries; anything unreadable is ignored. */
	static PendingLogins of(ServerHttpRequest request, Instant now) {
		HttpCookie cookie = request.getCookies().getFirst(NAME);
		List<PendingLogin> attempts = new ArrayList<>();
		if (cookie != null && cookie.getValue().length() <= MAX_LENGTH) {
			for (String text : cookie.getValue().split("\\.")) {
				PendingLogin.decode(text).filter((attempt) -> attempt.expiresAt().isAfter(now)).ifPresent(attempts::add);
			}
		}
		return new PendingLogins(attempts);
	}

	/** This list with {@code attempt} first, at most {@code max} attempts and {@value #MAX_LENGTH} characters. */
	PendingLogins with(PendingLogin attempt, int max) {
		List<PendingLogin> next = new ArrayList<>();
		next.add(attempt);
		int length = attempt.encoded().length();
		for (PendingLogin older : this.attempts) {
			int added = older.encoded().length() + 1;
			if (next.size() >= max || length + added > MAX_LENGTH) {
				break;
			}
			next.add(older);
			length += added;
		}
		return new PendingLogins(next);
	}

	/** The attempt whose state this is (compared in constant time). */
	Optional<PendingLogin> find(String state) {
		if (state == null) {
			return Optional.empty();
		}
		byte[] presented = state.getBytes(StandardCharsets.US_ASCII);
		return this.attempts.stream()
			.filter((attempt) -> MessageDigest.isEqual(attempt.state().getBytes(StandardCharsets.US_ASCII), presented))
			.findFirst();
	}

	/** This list without {@code attempt}. */
	PendingLogins without(PendingLogin attempt) {
		return new PendingLogins(this.attempts.stream().filter((other) -> other != attempt).toList());
	}

	List<PendingLogin> attempts() {
		return this.attempts;
	}

	/** The cookie holding this list, or clearing it when the list is empty. */
	ResponseCookie toCookie(BrowserProperties properties) {
		if (this.attempts.isEmpty()) {
			return BrowserCookies.cleared(NAME, properties);
		}
		String value = String.join(".", this.attempts.stream().map(PendingLogin::encoded).toList());
		return BrowserCookies.builder(NAME, value, properties).maxAge(properties.loginTimeout()).build();
	}

}

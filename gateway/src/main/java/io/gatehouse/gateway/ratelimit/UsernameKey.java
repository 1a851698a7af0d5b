package io.gatehouse.gateway.ratelimit;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The canonical form of a username that the login limits count: Unicode NFKC, then lower case in the
 * root locale, exactly the token service's {@code io.gatehouse.tokenservice.user.UsernameKey}, under
 * which usernames are unique and logged in with. So {@code Alice}, {@code ALICE} and fullwidth
 * {@code ａｌｉｃｅ}, which all log in as {@code alice}, share one bucket. {@code UsernameKeyTests} in
 * each module pins the same output over the same generated cases.
 */
final class UsernameKey {

	private UsernameKey() {
	}

	/** The key of {@code username}; {@code null} for {@code null}. */
	static String of(String username) {
		return (username != null) ? Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
				: null;
	}

}

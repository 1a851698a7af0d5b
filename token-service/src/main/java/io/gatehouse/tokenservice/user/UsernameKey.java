package io.gatehouse.tokenservice.user;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The canonical form of a username, under which it is unique and looked up: Unicode NFKC, then
 * lower case in the root locale, an approximation of Unicode's NFKC_Casefold. {@code Alice},
 * {@code ALICE} and fullwidth {@code ａｌｉｃｅ} are all {@code alice}. The gateway's login limiter has a
 * copy of this function ({@code io.gatehouse.gateway.ratelimit.UsernameKey}) so that it counts the
 * very key the token service logs in with; {@code UsernameKeyTests} in each module pins the same
 * output over the same generated cases. Only the transformation is here: which keys are valid is
 * {@link UserService}'s rule.
 */
public final class UsernameKey {

	private UsernameKey() {
	}

	/** The key of {@code username}; {@code null} for {@code null}. */
	public static String of(String username) {
		return (username != null) ? Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
				: null;
	}

}

package io.gatehouse.tokenservice.user;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Whether a new password is acceptable, after NIST SP 800-63B §5.1.1.2: {@link PasswordLength} (code
 * points, between {@code gatehouse.passwords.min-length} and 128), not containing the username (when
 * it has 4 or more characters), and not guessable: the nbvcxz estimator (a zxcvbn descendant, with
 * the 100,000 most common breached passwords, English words, names, keyboard patterns, sequences,
 * dates and l33t) must expect at least 10^{@code min-guesses-log10} guesses. No composition rules.
 * <p>
 * The estimate is bounded work: the length is checked first, only the first
 * {@value #ESTIMATED_LENGTH} UTF-16 units are estimated, the estimator's search for the best
 * combination of matches gives up after {@value #ESTIMATE_TIMEOUT_MILLIS} ms, and {@link #check}
 * runs it on the bounded-elastic scheduler, never on an event-loop thread.
 */
@Component
public final class PasswordPolicy {

	/** Usernames at least this long may not appear anywhere in the password. */
	static final int MIN_USERNAME_TO_MATCH = 4;

	/** How much of a password the estimator reads: enough for any phrase, bounded for a long one. */
	static final int ESTIMATED_LENGTH = 64;

	static final long ESTIMATE_TIMEOUT_MILLIS = 100;

	static final String TOO_GUESSABLE = "password is too common or too easy to guess";

	private final PasswordProperties properties;

	private final BigDecimal minGuesses;

	private final Nbvcxz estimator;

	public PasswordPolicy(PasswordProperties properties) {
		this.properties = properties;
		this.minGuesses = BigDecimal.TEN.pow(properties.minGuessesLog10());
		this.estimator = new Nbvcxz(new ConfigurationBuilder().setMaxLength(ESTIMATED_LENGTH)
			.setCombinationAlgorithmTimeout(ESTIMATE_TIMEOUT_MILLIS)
			.setLocale(Locale.ENGLISH)
			.createConfiguration());
	}

	/** Completes when the password is acceptable, else fails with 400 {@code invalid_request}; off the event loop. */
	public Mono<Void> check(String username, String password) {
		return Mono.fromCallable(() -> violation(username, password))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((violation) -> violation.isPresent()
					? Mono.error(OAuthError.invalidRequest(violation.get()).exception()) : Mono.empty());
	}

	/** Why the password is not acceptable, or empty when it is. Blocking for up to about 0.1 s. */
	public Optional<String> violation(String username, String password) {
		if (password == null || password.isBlank()) {
			return Optional.of("password must not be empty");
		}
		Optional<String> length = PasswordLength.violation(password, this.properties.minLength());
		if (length.isPresent()) {
			return length;
		}
		String lower = password.toLowerCase(Locale.ROOT);
		// A very short username (say "al") would forbid half of all passwords; then only equality counts.
		boolean containsUsername = username != null && (username.length() >= MIN_USERNAME_TO_MATCH
				? lower.contains(username.toLowerCase(Locale.ROOT)) : lower.equals(username.toLowerCase(Locale.ROOT)));
		if (containsUsername) {
			return Optional.of("password must not contain the username");
		}
		// Fewer than three distinct characters is never strong: refused without the estimate's cost.
		if (password.chars().distinct().limit(3).count() < 3 || isGuessable(password)) {
			return Optional.of(TOO_GUESSABLE);
		}
		return Optional.empty();
	}

	private boolean isGuessable(String password) {
		return this.estimator.estimate(password).getGuesses().compareTo(this.minGuesses) < 0;
	}

}

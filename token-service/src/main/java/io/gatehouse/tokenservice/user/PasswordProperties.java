package io.gatehouse.tokenservice.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Password rules under {@code gatehouse.passwords.*} (NIST SP 800-63B §5.1.1.2), applied by
 * {@link PasswordPolicy}. The maximum length is fixed at {@link PasswordLength#MAX} code points.
 *
 * @param minLength the shortest acceptable password, in Unicode code points; default 10, at least 8.
 * @param minGuessesLog10 how many guesses (as a power of ten) the strength estimator must expect an
 * attacker to need; default 8, i.e. 10^8 guesses, zxcvbn's "safely unguessable" boundary (score 3):
 * out of reach online and costly offline against Argon2id. The estimator knows the 100,000 most
 * common breached passwords, English words, names, keyboard patterns, dates and l33t substitutions.
 */
@Validated
@ConfigurationProperties("gatehouse.passwords")
public record PasswordProperties(@Min(8) @Max(PasswordLength.MAX) @DefaultValue("10") int minLength,
		@Min(0) @Max(30) @DefaultValue("8") int minGuessesLog10) {
}

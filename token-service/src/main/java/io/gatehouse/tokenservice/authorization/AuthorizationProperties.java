package io.gatehouse.tokenservice.authorization;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The authorization code flow's timings, under {@code gatehouse.authorization.*}.
 *
 * @param requestLifetime how long the login page of one authorization request accepts its form,
 * measured from {@code GET /oauth2/authorize}; default 10 minutes (time to type a password, not to
 * leave a tab open overnight). Must be greater than 0.
 * @param codeLifetime how long an authorization code can be exchanged, from its issue (the login
 * form's POST) to the token request's arrival; default 60 seconds (OAuth 2.1 §4.1.2 recommends at
 * most 10 minutes; a client exchanges its code at once). Must be greater than 0.
 * @param codeRetention how long a code's row is kept after it expired, so that a late second
 * presentation still revokes the session it was exchanged for; default 1 hour.
 */
@Validated
@ConfigurationProperties("gatehouse.authorization")
public record AuthorizationProperties(
		@NotNull @DefaultValue("10m") Duration requestLifetime,
		@NotNull @DefaultValue("60s") Duration codeLifetime,
		@NotNull @DefaultValue("1h") Duration codeRetention) {

	public AuthorizationProperties {
		requirePositive("request-lifetime", requestLifetime);
		requirePositive("code-lifetime", codeLifetime);
		requirePositive("code-retention", codeRetention);
	}

	private static void requirePositive(String name, Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			throw new IllegalArgumentException("gatehouse.authorization." + name + " must be greater than 0");
		}
	}

}

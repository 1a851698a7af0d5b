package io.gatehouse.tokenservice.accesstoken;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the token service's own bearer endpoints judge access tokens, under
 * {@code gatehouse.bearer-tokens.*}.
 *
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for the bearer endpoints
 * ({@code /auth/sessions…}, {@code /auth/logout}, {@code /auth/password}, {@code /admin/*}); default
 * 30 seconds, the gateway's default {@code gatehouse.gateway.clock-skew}, so a token the gateway let
 * through is not refused one hop later. Introspection uses no skew (RFC 7662 §2.2).
 */
@Validated
@ConfigurationProperties("gatehouse.bearer-tokens")
public record BearerTokenProperties(@NotNull @DefaultValue("30s") Duration clockSkew) {

	public BearerTokenProperties {
		if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new IllegalArgumentException("gatehouse.bearer-tokens.clock-skew must be between 0s and 5m");
		}
	}

}

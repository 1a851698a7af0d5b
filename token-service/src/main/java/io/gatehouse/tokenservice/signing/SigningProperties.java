package io.gatehouse.tokenservice.signing;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signing-key settings under {@code gatehouse.signing.*}.
 *
 * @param algorithm the JWS algorithm of new keys; default {@code RS256}, because every gateway
 * verifies every token and RSA verification is the cheapest of the four on the JDK
 * (see {@code bench/signing-jmh/RESULTS.md}).
 * @param keyEncryptionKey 32 bytes, base64 or base64url, that encrypt the private keys stored in
 * the database (AES-256-GCM). Set through {@code GATEHOUSE_KEY_ENCRYPTION_KEY}. Required in
 * production; generated under the data directory in development.
 * @param rotationInterval how long a key signs before the next one takes over; default 30 days.
 * @param publishAhead how long a new key is published in the JWKS before it signs anything, so
 * every gateway has fetched it first; default 15 minutes (three times the JWKS cache lifetime).
 * @param jwksCacheMaxAge the {@code Cache-Control: max-age} of the JWKS; default 5 minutes.
 * @param checkInterval how often each replica reloads keys from the database and rotates when due;
 * default 1 minute.
 */
@Validated
@ConfigurationProperties("gatehouse.signing")
public record SigningProperties(
		@NotNull @DefaultValue("RS256") SigningAlgorithm algorithm,
		String keyEncryptionKey,
		@NotNull @DefaultValue("30d") Duration rotationInterval,
		@NotNull @DefaultValue("15m") Duration publishAhead,
		@NotNull @DefaultValue("5m") Duration jwksCacheMaxAge,
		@NotNull @DefaultValue("1m") Duration checkInterval) {

	public SigningProperties {
		if (rotationInterval != null && publishAhead != null && publishAhead.compareTo(rotationInterval) >= 0) {
			throw new IllegalStateException("gatehouse.signing.publish-ahead must be shorter than rotation-interval");
		}
	}

}

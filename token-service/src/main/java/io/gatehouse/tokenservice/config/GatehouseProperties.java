package io.gatehouse.tokenservice.config;

import java.net.URI;
import java.nio.file.Path;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Service-wide settings under {@code gatehouse.*}.
 *
 * @param issuer the {@code iss} of every access token and the base of the RFC 8414 metadata;
 * default {@code http://localhost:9000}. Gateways compare it byte for byte, so set it to the
 * public URL clients use.
 * @param audience the value the {@code aud} of an access token must contain for this service's own
 * bearer endpoints ({@code /auth/logout}, {@code /auth/sessions…}, {@code /auth/password},
 * {@code /admin/*}) to accept it (RFC 9068 §4), so a token issued for another API cannot manage
 * sessions; default {@code gatehouse}, the clients' default audience.
 * @param mode {@code development} (default) generates missing secrets and warns;
 * {@code production} refuses to start without them. A {@code prod} profile implies production.
 * @param dataDir where the embedded store and the development key-encryption key live; default
 * {@code ./data}.
 */
@Validated
@ConfigurationProperties("gatehouse")
public record GatehouseProperties(
		@NotNull @DefaultValue("http://localhost:9000") URI issuer,
		@NotBlank @DefaultValue("gatehouse") String audience,
		@NotNull @DefaultValue("development") Mode mode,
		@NotNull @DefaultValue("./data") Path dataDir) {

	/** How strict the service is about missing secrets at startup. */
	public enum Mode {

		/** Generate what is missing, store it under the data directory, warn loudly. */
		DEVELOPMENT,

		/** Refuse to start when a secret is missing. */
		PRODUCTION

	}

	/** The issuer without a trailing slash, as it appears in tokens and metadata. */
	public String issuerString() {
		String value = this.issuer.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}

package io.gatehouse.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.gatehouse.gateway.routes.SessionMode;

/**
 * Token validation settings under {@code gatehouse.gateway.*}.
 *
 * @param tokenServiceUri where the token service runs; default {@code http://localhost:9000}. Its
 * public endpoints are routed there, and keys are discovered from its RFC 8414 metadata.
 * @param issuer the exact {@code iss} tokens must carry; default: the token service URI.
 * @param audience a value {@code aud} must contain; default {@code gatehouse}.
 * @param jwksUri where the signing keys are; default: {@code jwks_uri} of the token service's
 * metadata.
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}; default 30 seconds.
 * @param allowedAlgorithms JWS algorithms accepted; default empty, meaning the asymmetric
 * algorithm each JWKS key declares ({@code none} and HMAC are never accepted).
 * @param maxTokenSize tokens longer than this are refused before parsing; default 8 KiB.
 * @param verifiedTokenCacheSize how many verified tokens are remembered, so each token's
 * signature is checked once; default 100,000.
 * @param jwksRefreshInterval how often the key set is refetched ahead of need; default 5 minutes.
 * @param jwksMinRefetchInterval an unknown {@code kid} triggers at most one refetch per this
 * interval, shared by every request waiting for it; default 10 seconds.
 * @param defaultMode how routes without a {@code mode} in their metadata check sessions; default
 * {@link SessionMode#HYBRID}: stateless validation plus the revocation feed, so a logout is
 * enforced within a second at no per-request I/O.
 * @param clientId the gateway's confidential client at the token service, used for the revocation
 * feed and introspection; default {@code gateway}.
 * @param clientSecret that client's secret ({@code GATEHOUSE_GATEWAY_CLIENT_SECRET}); default the
 * development secret the token service accepts only outside production mode.
 * @param tokenServiceTimeout how long the gateway's routes to the token service wait for its answer;
 * default 15 seconds. The token service answers 503 itself after its store timeout (5 s), so a longer
 * wait is one that hangs: answered 503 {@code temporarily_unavailable} with {@code Retry-After}.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway")
public record GatewayProperties(
		@NotNull @DefaultValue("http://localhost:9000") URI tokenServiceUri,
		String issuer,
		@NotBlank @DefaultValue("gatehouse") String audience,
		URI jwksUri,
		@NotNull @DefaultValue("30s") Duration clockSkew,
		@NotNull @DefaultValue({}) Set<String> allowedAlgorithms,
		@NotNull @DefaultValue("8KB") DataSize maxTokenSize,
		@Positive @DefaultValue("100000") long verifiedTokenCacheSize,
		@NotNull @DefaultValue("5m") Duration jwksRefreshInterval,
		@NotNull @DefaultValue("10s") Duration jwksMinRefetchInterval,
		@NotNull @DefaultValue("hybrid") SessionMode defaultMode,
		@NotBlank @DefaultValue("gateway") String clientId,
		@NotBlank @DefaultValue("gatehouse-dev-gateway-secret") String clientSecret,
		@NotNull @DefaultValue("15s") Duration tokenServiceTimeout) {

	/** An endpoint of the token service, e.g. {@code /oauth2/introspect}. */
	public URI tokenServiceEndpoint(String path) {
		String base = this.tokenServiceUri.toString();
		return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
	}

	/** The issuer tokens must name: {@link #issuer()} or else the token service URI, without a trailing slash. */
	public String expectedIssuer() {
		String value = (this.issuer != null && !this.issuer.isBlank()) ? this.issuer : this.tokenServiceUri.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

}

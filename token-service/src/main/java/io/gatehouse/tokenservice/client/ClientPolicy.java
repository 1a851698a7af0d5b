package io.gatehouse.tokenservice.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One client's policy, bound from {@code gatehouse.clients.<client-id>.*}. Every duration is
 * validated at startup by {@link ClientRegistry}.
 *
 * @param accessTokenTtl lifetime of an access token; default 15 minutes, the window in which a
 * stateless gateway still accepts a token after its session ended.
 * @param refreshIdleTimeout a session ends when it has not been refreshed for this long; default
 * 12 hours (a working day).
 * @param refreshAbsoluteLifetime a session ends this long after login whatever its activity;
 * default 7 days. A refresh never extends a session past it.
 * @param reuseGrace how long after a rotation the immediate predecessor token may still be
 * presented (two tabs refreshing at once, a retried request whose first response was lost);
 * default 30 seconds. {@code 0} disables the grace. Measured from the rotation to the request's
 * arrival, so time a request spends queueing in the service does not count against it.
 * @param reuseGraceSiblings how many valid siblings of the current token one generation may mint by
 * grace; default 5 (a handful of tabs or retries racing one rotation). The next presentation of the
 * predecessor is treated as reuse and ends the session ({@code revoked_reuse_detected}): a
 * legitimate client never needs more, and a thief replaying the predecessor cannot keep a parallel
 * chain alive indefinitely. At least 1; a client that must have none sets {@code reuse-grace: 0}.
 * @param audience the {@code aud} of this client's access tokens; default {@code gatehouse}.
 * @param scopes the scopes granted to this client's sessions; default {@code api}. An authorization
 * request may ask for a subset, and always for the OpenID Connect scopes {@code openid} and
 * {@code profile}.
 * @param secretHash for a confidential client, the encoded hash of its secret in
 * spring-security-crypto's {@code {id}hash} form (Argon2id or bcrypt); absent for a public client.
 * @param displayName what the hosted login page says the user is signing in to; default the client id.
 * @param type {@code public} or {@code confidential}; default derived from {@code secret-hash}
 * (confidential when it is set). When set, it must agree with {@code secret-hash}.
 * @param grantTypes how the client may obtain sessions; default {@code authorization_code} and
 * {@code refresh_token}. {@code password_login} (the JSON {@code POST /auth/login}) is for
 * first-party clients only and must be listed explicitly.
 * @param redirectUris the {@code redirect_uri}s of authorization requests, matched exactly (a
 * loopback {@code http://127.0.0.1/…} on any port, RFC 8252 §7.3); default none.
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to, matched
 * exactly; default none.
 * @param example whether this is one of the shipped example clients ({@code spa}, {@code native-app},
 * {@code server-app}); default false. Examples are registered in development only: production mode
 * leaves them out, so a deployment never carries their redirect URIs or development secret.
 */
public record ClientPolicy(
		@NotNull @DefaultValue("15m") Duration accessTokenTtl,
		@NotNull @DefaultValue("12h") Duration refreshIdleTimeout,
		@NotNull @DefaultValue("7d") Duration refreshAbsoluteLifetime,
		@NotNull @DefaultValue("30s") Duration reuseGrace,
		@Min(1) @DefaultValue("5") int reuseGraceSiblings,
		@NotBlank @DefaultValue("gatehouse") String audience,
		@NotNull @DefaultValue("api") Set<String> scopes,
		String secretHash,
		String displayName,
		ClientType type,
		@NotNull @DefaultValue({ "authorization_code", "refresh_token" }) Set<GrantType> grantTypes,
		@NotNull @DefaultValue List<String> redirectUris,
		@NotNull @DefaultValue List<String> postLogoutRedirectUris,
		@DefaultValue("false") boolean example) {

	/** Whether the client authenticates with a secret (RFC 6749 §2.1 "confidential"). */
	public boolean isConfidential() {
		return this.secretHash != null && !this.secretHash.isBlank();
	}

	/** Whether the client may use {@code grantType}. */
	public boolean allows(GrantType grantType) {
		return this.grantTypes.contains(grantType);
	}

	/** The granted scopes as the space-separated {@code scope} string of RFC 6749 §3.3. */
	public String scopeString() {
		return String.join(" ", this.scopes.stream().sorted().toList());
	}

}

package io.gatehouse.gateway.identity;

import io.gatehouse.gateway.auth.ValidatedToken;

/**
 * The identity an authenticated request carries to its upstream, kept in the exchange attribute
 * {@link #ATTRIBUTE} by the authentication filter; route filters that need the caller (a rate-limit
 * key, say) read it from there. {@link IdentityHeadersFilter} turns it into the {@code X-Auth-*}
 * headers of the proxied request.
 *
 * @param token the verified access token
 * @param forwardAuthorization whether the upstream also receives the {@code Authorization} header
 * @param cookieAccessToken for a cookie session (browser mode), its access token, which the upstream
 * receives as {@code Authorization: Bearer} where {@code forwardAuthorization} allows; {@code null}
 * for a bearer request, whose own header is passed on
 */
public record ForwardedIdentity(ValidatedToken token, boolean forwardAuthorization, String cookieAccessToken) {

	public ForwardedIdentity(ValidatedToken token, boolean forwardAuthorization) {
		this(token, forwardAuthorization, null);
	}

	/** The exchange attribute holding the {@link ForwardedIdentity} of an authenticated request. */
	public static final String ATTRIBUTE = ForwardedIdentity.class.getName();

}

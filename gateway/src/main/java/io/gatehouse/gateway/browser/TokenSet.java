package io.gatehouse.gateway.browser;

import java.time.Duration;

/**
 * The tokens of a successful token response (RFC 6749 §5.1) as browser mode keeps them.
 *
 * @param accessToken the new access token
 * @param refreshToken the new refresh token
 * @param sessionLifetime {@code refresh_token_expires_in}: the session's real remaining lifetime, the
 * earlier of its idle and absolute expiry; the cookie's {@code Max-Age}
 */
record TokenSet(String accessToken, String refreshToken, Duration sessionLifetime) {

	SessionCookie cookie() {
		return new SessionCookie(this.refreshToken, this.accessToken);
	}

}

package io.gatehouse.tokenservice.session;

/**
 * A session just created and its first refresh token, the only time that token exists in clear.
 *
 * @param session the session
 * @param refreshToken the refresh token value to hand to the client
 */
public record NewSession(Session session, String refreshToken) {
}

package io.gatehouse.tokenservice.refresh;

import java.util.List;

import io.gatehouse.tokenservice.session.Session;

/**
 * A stored refresh token with the session that owns it and what an access token needs of its user.
 *
 * @param generation the token's place in the chain
 * @param session its session as read with it
 * @param username the session's user name
 * @param roles the user's current roles
 */
record PresentedToken(int generation, Session session, String username, List<String> roles) {
}

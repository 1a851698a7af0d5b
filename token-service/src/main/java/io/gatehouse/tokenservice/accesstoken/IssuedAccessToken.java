package io.gatehouse.tokenservice.accesstoken;

import java.time.Duration;

/**
 * A signed access token and how long it lives.
 *
 * @param value the compact JWS
 * @param expiresIn its lifetime, reported as {@code expires_in}
 */
public record IssuedAccessToken(String value, Duration expiresIn) {
}

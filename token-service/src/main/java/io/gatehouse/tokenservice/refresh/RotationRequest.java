package io.gatehouse.tokenservice.refresh;

import java.time.Instant;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * One refresh for {@link CurrentTokenRotation}: the presented token's hash, the successor to store,
 * who presents it and from where. Its time is the statement's, given when the statement starts.
 *
 * @param hash the presented token's hash
 * @param successor the successor token (only its hash is stored)
 * @param client the authenticated client
 * @param origin where the request came from, for the audit event
 */
record RotationRequest(String hash, String successor, RegisteredClient client, RequestOrigin origin) {

	/** When the session's idle timeout will fall if this refresh succeeds at {@code at} (before the absolute cap). */
	Instant idleExpiry(Instant at) {
		return at.plus(this.client.policy().refreshIdleTimeout());
	}

}

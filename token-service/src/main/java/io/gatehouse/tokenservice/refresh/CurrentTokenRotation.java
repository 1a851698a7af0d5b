package io.gatehouse.tokenservice.refresh;

import reactor.core.publisher.Mono;

import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The common case of a refresh in one database round trip: the presented token is the current
 * token of a live, unexpired session of the presenting client, so the session moves on by one
 * generation, the successor is stored and {@code refreshed} is recorded, atomically. Emits nothing
 * when the token is anything else (unknown, consumed, of another client, of an ended or timed-out
 * session, or overtaken by a concurrent refresh); {@link RefreshTokenRotation} then makes the full
 * decision in a transaction. Outcomes are identical either way; only the cost differs (and, for a
 * request that times out, whether an in-flight rotation can still commit: see
 * {@link RefreshTokenRotation}).
 */
interface CurrentTokenRotation {

	/** For stores without a single-statement form: every refresh takes the full decision. */
	CurrentTokenRotation NONE = (hash, successor, client, origin) -> Mono.empty();

	/**
	 * Rotates the token whose hash is {@code hash} if it is current. The rotation is stamped with the
	 * instant it is decided (when its statement starts), not when the request arrived: the grace of
	 * the predecessor is measured from it.
	 * @param hash the presented token's hash
	 * @param successor the successor token (only its hash is stored)
	 * @param client the authenticated client
	 * @param origin where the request came from, for the audit event
	 * @return the rotation, or empty when the full decision is needed
	 */
	Mono<RotationResult.Rotated> rotate(String hash, String successor, RegisteredClient client, RequestOrigin origin);

}

package io.gatehouse.gateway.routes;

import java.util.Locale;

/**
 * How a route checks that the token's session is still live, chosen per route with the metadata
 * {@code mode} (default {@code gatehouse.gateway.default-mode}).
 * <ul>
 * <li>{@link #STATELESS}: signature and claims only; a logout takes effect when the access token
 * expires. No I/O per request.</li>
 * <li>{@link #HYBRID}: stateless validation plus the token service's revocation feed, held in
 * memory; a logout is enforced within about a second. One hash lookup per request.</li>
 * <li>{@link #STATEFUL}: every request introspects the token at the token service (RFC 7662);
 * revocation is immediate, at a network hop and a database read per request.</li>
 * </ul>
 */
public enum SessionMode {

	STATELESS, HYBRID, STATEFUL;

	/**
	 * The mode named by route metadata, case-insensitive; {@code null} when absent. A value that
	 * names no mode is taken as {@link #STATEFUL}, the strictest, so a typo never weakens a route.
	 */
	public static SessionMode fromMetadata(Object value) {
		if (value == null || value.toString().isBlank()) {
			return null;
		}
		for (SessionMode mode : values()) {
			if (mode.name().equals(value.toString().trim().toUpperCase(Locale.ROOT))) {
				return mode;
			}
		}
		return STATEFUL;
	}

}

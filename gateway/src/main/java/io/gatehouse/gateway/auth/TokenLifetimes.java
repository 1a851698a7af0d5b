package io.gatehouse.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The longest lifetime ({@code exp} − {@code nbf}, or {@code iat}) of the access tokens this
 * gateway has verified, per client: what a sign-out waits for on a stateless route, as the
 * configuration doctor reports it. Invariant: for each of at most {@link #CLIENTS} clients (the
 * first ones seen; only tokens whose signature verified count, so the names come from the token
 * service), the value is the longest lifetime among that client's verified tokens since start.
 */
public final class TokenLifetimes {

	static final int CLIENTS = 64;

	private final Map<String, Duration> longest = new ConcurrentHashMap<>();

	void record(ValidatedToken token) {
		if (token.notBefore() == null || token.clientId() == null) {
			return;
		}
		Duration lifetime = Duration.between(token.notBefore(), token.expiresAt());
		if (this.longest.size() >= CLIENTS && !this.longest.containsKey(token.clientId())) {
			return;
		}
		this.longest.merge(token.clientId(), lifetime, (a, b) -> (a.compareTo(b) >= 0) ? a : b);
	}

	/** The longest lifetime seen per client, in client order; empty before any token was verified. */
	public Map<String, Duration> longest() {
		return new TreeMap<>(this.longest);
	}

}

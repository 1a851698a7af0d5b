package io.gatehouse.tokenservice.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * Looks clients up by id and checks their policies once, at startup: every duration positive
 * (the grace may be zero), the idle timeout no longer than the absolute lifetime.
 */
@Component
public final class ClientRegistry {

	private final Map<String, RegisteredClient> clients;

	public ClientRegistry(ClientsProperties properties) {
		Map<String, RegisteredClient> byId = new TreeMap<>();
		properties.clients().forEach((id, policy) -> byId.put(id, new RegisteredClient(id, validated(id, policy))));
		this.clients = Map.copyOf(byId);
	}

	public Optional<RegisteredClient> find(String clientId) {
		return (clientId != null) ? Optional.ofNullable(this.clients.get(clientId)) : Optional.empty();
	}

	/** Every registered client, by id. */
	public List<RegisteredClient> all() {
		return List.copyOf(this.clients.values());
	}

	/** The longest access-token lifetime of any client: how long a retired signing key must stay published. */
	public Duration longestAccessTokenTtl() {
		return this.clients.values()
			.stream()
			.map((client) -> client.policy().accessTokenTtl())
			.max(Duration::compareTo)
			.orElse(Duration.ofMinutes(15));
	}

	/** The longest session any client may hold, for retention of ended sessions. */
	public Duration longestSessionLifetime() {
		return this.clients.values()
			.stream()
			.map((client) -> client.policy().refreshAbsoluteLifetime())
			.max(Duration::compareTo)
			.orElse(Duration.ofDays(7));
	}

	private static ClientPolicy validated(String id, ClientPolicy policy) {
		requirePositive(id, "access-token-ttl", policy.accessTokenTtl());
		requirePositive(id, "refresh-idle-timeout", policy.refreshIdleTimeout());
		requirePositive(id, "refresh-absolute-lifetime", policy.refreshAbsoluteLifetime());
		if (policy.reuseGrace().isNegative()) {
			throw new IllegalStateException("gatehouse.clients." + id + ".reuse-grace must not be negative");
		}
		if (policy.refreshIdleTimeout().compareTo(policy.refreshAbsoluteLifetime()) > 0) {
			throw new IllegalStateException("gatehouse.clients." + id
					+ ".refresh-idle-timeout must not be longer than refresh-absolute-lifetime");
		}
		return policy;
	}

	private static void requirePositive(String id, String name, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalStateException("gatehouse.clients." + id + "." + name + " must be greater than 0");
		}
	}

}

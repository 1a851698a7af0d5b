package io.gatehouse.tokenservice.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.config.StartupRefusal;

/**
 * Looks clients up by id and checks their policies once, at startup: every duration positive
 * (the grace may be zero), the idle timeout no longer than the absolute lifetime, {@code type}
 * agreeing with {@code secret-hash}, and every redirect URI registrable ({@link RedirectUris}).
 * Every problem of every client is reported at once, in one startup refusal. In production mode the
 * shipped example clients ({@code example: true}) are not registered at all: an unknown client.
 */
@Component
public final class ClientRegistry {

	private final Map<String, RegisteredClient> clients;

	public ClientRegistry(ClientsProperties properties, RuntimeMode mode) {
		Map<String, RegisteredClient> byId = new TreeMap<>();
		properties.clients().forEach((id, policy) -> {
			if (!(policy.example() && mode.isProduction())) {
				byId.put(id, new RegisteredClient(id, validated(id, policy)));
			}
		});
		List<String> problems = new ArrayList<>();
		byId.values().forEach((client) -> problems.addAll(redirectProblems(client, mode.isProduction())));
		if (!problems.isEmpty()) {
			throw new StartupRefusal("Client settings are invalid: " + String.join("; ", problems) + ".",
					"Fix the named gatehouse.clients.<id>.* settings.");
		}
		this.clients = Map.copyOf(byId);
	}

	private static List<String> redirectProblems(RegisteredClient client, boolean production) {
		List<String> problems = new ArrayList<>();
		ClientPolicy policy = client.policy();
		if (policy.type() == ClientType.CONFIDENTIAL && !policy.isConfidential()) {
			problems.add("gatehouse.clients." + client.id() + ".type is confidential but secret-hash is not set");
		}
		if (policy.type() == ClientType.PUBLIC && policy.isConfidential()) {
			problems.add("gatehouse.clients." + client.id() + ".type is public but secret-hash is set");
		}
		check(problems, client.id(), "redirect-uris", policy.redirectUris(), production);
		check(problems, client.id(), "post-logout-redirect-uris", policy.postLogoutRedirectUris(), production);
		return problems;
	}

	private static void check(List<String> problems, String id, String name, List<String> uris, boolean production) {
		for (int i = 0; i < uris.size(); i++) {
			String problem = RedirectUris.problem(uris.get(i), production);
			if (problem != null) {
				problems.add("gatehouse.clients." + id + "." + name + "[" + i + "] " + uris.get(i) + " " + problem);
			}
		}
	}

	public Optional<RegisteredClient> find(String clientId) {
		return (clientId != null) ? Optional.ofNullable(this.clients.get(clientId)) : Optional.empty();
	}

	/** Every registered client, by id. */
	public List<RegisteredClient> all() {
		return List.copyOf(this.clients.values());
	}

	/** Every scope some client may be granted, for discovery's {@code scopes_supported}. */
	public java.util.Set<String> allScopes() {
		java.util.Set<String> scopes = new java.util.TreeSet<>();
		this.clients.values().forEach((client) -> scopes.addAll(client.policy().scopes()));
		return scopes;
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

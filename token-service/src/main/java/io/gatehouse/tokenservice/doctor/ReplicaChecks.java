package io.gatehouse.tokenservice.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.doctor.InWords;
import io.gatehouse.tokenservice.client.ClientPolicy;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.revocation.FeedFollowers;
import io.gatehouse.tokenservice.revocation.FeedFollowers.Follower;

/**
 * What this replica knows of the gateways following its revocation feed ({@link FeedFollowers}):
 * more than one that counts brute-force limits in its own memory means each counts alone; one that
 * gives a client's users browser-session cookies while that client's sessions may last over a day. Only the
 * running service knows its followers; with several token-service replicas each knows the gateways
 * connected to it.
 */
final class ReplicaChecks implements DoctorCheck {

	/** Longer than this, a session that ends with the browser anyway makes its lifetime a false promise. */
	static final Duration LONG_BROWSER_SESSION = Duration.ofDays(1);

	/** The most followers a sentence names. */
	static final int NAMED = 5;

	private final Supplier<List<Follower>> followers;

	private final ClientsProperties clients;

	ReplicaChecks(Supplier<List<Follower>> followers, ClientsProperties clients) {
		this.followers = followers;
		this.clients = clients;
	}

	@Override
	public Flux<Finding> findings() {
		return limitsInMemory().concatWith(browserSessionCookies());
	}

	/**
	 * A gateway that gives a client's users browser-session cookies, while that client's sessions may
	 * last longer than a day: users are signed out when they close the browser all the same.
	 */
	private Flux<Finding> browserSessionCookies() {
		Set<String> clientIds = this.followers.get()
			.stream()
			.map(Follower::browserSessionClient)
			.filter(Objects::nonNull)
			.collect(Collectors.toCollection(TreeSet::new));
		List<Finding> findings = new ArrayList<>();
		for (String clientId : clientIds) {
			ClientPolicy policy = this.clients.clients().get(clientId);
			if (policy != null && policy.refreshAbsoluteLifetime().compareTo(LONG_BROWSER_SESSION) > 0) {
				findings.add(Finding.warning("cookie.browser-session-long-lifetime", "Users of client `" + clientId
						+ "` are signed out when they close the browser (a gateway gives them browser-session cookies), "
						+ "although their sessions could last up to " + InWords.duration(policy.refreshAbsoluteLifetime())
						+ ".", "gatehouse.gateway.browser.persistent-cookies (true) at the gateway, or gatehouse.clients."
								+ clientId + ".refresh-absolute-lifetime (at most " + InWords.duration(LONG_BROWSER_SESSION)
								+ ") here"));
			}
		}
		return Flux.fromIterable(findings);
	}

	private Flux<Finding> limitsInMemory() {
		List<Follower> inMemory = this.followers.get()
			.stream()
			.filter((follower) -> follower.limits() == FeedFollowers.Limits.MEMORY)
			.toList();
		if (inMemory.size() < 2) {
			return Flux.empty();
		}
		String ids = inMemory.stream().limit(NAMED).map(Follower::instance).collect(Collectors.joining(", "))
				+ ((inMemory.size() > NAMED) ? " and " + (inMemory.size() - NAMED) + " more" : "");
		return Flux.just(Finding.warning("replicas.limits-in-memory", inMemory.size() + " gateways (" + ids + ") count "
				+ "brute-force limits each in its own memory: a password guesser gets the limit at each of them, and a "
				+ "user locked out at one can still be tried through the others.",
				"spring.data.redis.host or spring.data.redis.url on every gateway"));
	}

}

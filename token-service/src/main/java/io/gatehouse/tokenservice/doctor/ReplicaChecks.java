package io.gatehouse.tokenservice.doctor;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;

import io.gatehouse.tokenservice.revocation.FeedFollowers;
import io.gatehouse.tokenservice.revocation.FeedFollowers.Follower;

/**
 * What this replica knows of the gateways following its revocation feed ({@link FeedFollowers}):
 * more than one that counts brute-force limits in its own memory means each counts alone. Only the
 * running service knows its followers; with several token-service replicas each knows the gateways
 * connected to it.
 */
final class ReplicaChecks implements DoctorCheck {

	private final Supplier<List<Follower>> followers;

	ReplicaChecks(Supplier<List<Follower>> followers) {
		this.followers = followers;
	}

	@Override
	public Flux<Finding> findings() {
		List<Follower> inMemory = this.followers.get()
			.stream()
			.filter((follower) -> follower.limits() == FeedFollowers.Limits.MEMORY)
			.toList();
		if (inMemory.size() < 2) {
			return Flux.empty();
		}
		String ids = inMemory.stream().map(Follower::instance).collect(Collectors.joining(", "));
		return Flux.just(Finding.warning("replicas.limits-in-memory", inMemory.size() + " gateways (" + ids + ") count "
				+ "brute-force limits each in its own memory: a password guesser gets the limit at each of them, and a "
				+ "user locked out at one can still be tried through the others.",
				"spring.data.redis.host or spring.data.redis.url on every gateway"));
	}

}

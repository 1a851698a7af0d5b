package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FeedFollowers} over generated runs of feeds opening and closing while time passes, checked
 * after every step against its invariant: at most {@code CAPACITY} instances held; every instance
 * with an open feed is held (when it could be admitted); none is held {@code RETENTION} or more after
 * its last feed closed. 300 runs of 1,000 steps from fixed seeds, with a capacity of 8 and 6 or 24
 * instances, so capacity is reached and ids come back; a failure names the seed.
 */
class FeedFollowersGeneratedCasesTests {

	private static final int RUNS = 300;

	/** Small, so that runs fill it. */
	private static final int CAPACITY = 8;

	@Test
	void heldInstancesAreBoundedIncludeEveryOpenFeedAndExpireAfterRetention() {
		for (int seed = 0; seed < RUNS; seed++) {
			run(seed);
		}
	}

	private static void run(int seed) {
		Random random = new Random(seed);
		FeedFollowers followers = new FeedFollowers(Clock.systemUTC(), CAPACITY);
		Map<String, Integer> open = new HashMap<>();
		Map<String, Instant> lastClosed = new HashMap<>();
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		int instances = (random.nextBoolean()) ? 6 : 3 * CAPACITY;
		for (int step = 0; step < 1_000; step++) {
			String instance = "gw-" + random.nextInt(instances);
			int action = random.nextInt(10);
			if (action < 5) {
				boolean held = followers.opened(new FeedFollowers.Report(instance, FeedFollowers.Limits.MEMORY), now);
				if (held) {
					open.merge(instance, 1, Integer::sum);
				}
			}
			else if (action < 8 && open.getOrDefault(instance, 0) > 0) {
				followers.closed(instance, now);
				open.merge(instance, -1, Integer::sum);
				if (open.get(instance) == 0) {
					lastClosed.put(instance, now);
				}
			}
			else {
				now = now.plus(Duration.ofSeconds(random.nextInt(40)));
			}
			check(seed, followers.current(now), open, lastClosed, now);
		}
	}

	private static void check(int seed, List<FeedFollowers.Follower> held, Map<String, Integer> open,
			Map<String, Instant> lastClosed, Instant now) {
		assertThat(held.size()).as("seed %d: bounded", seed).isLessThanOrEqualTo(CAPACITY);
		Map<String, Integer> heldOpen = new HashMap<>();
		held.forEach((follower) -> heldOpen.put(follower.instance(), follower.openFeeds()));
		open.forEach((instance, feeds) -> {
			if (feeds > 0) {
				assertThat(heldOpen.get(instance)).as("seed %d: %s has %d open feeds", seed, instance, feeds).isEqualTo(feeds);
			}
		});
		held.stream().filter((follower) -> follower.openFeeds() == 0).forEach((follower) -> assertThat(
				now.isBefore(lastClosed.get(follower.instance()).plus(FeedFollowers.RETENTION)))
			.as("seed %d: %s kept past retention", seed, follower.instance())
			.isTrue());
	}

}

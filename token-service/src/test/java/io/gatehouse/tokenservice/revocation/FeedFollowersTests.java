package io.gatehouse.tokenservice.revocation;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a gateway's {@code Gatehouse-Follower} header is read, and when a follower is forgotten, at both edges. */
class FeedFollowersTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void parseWhenInstanceAndLimitsThenReadAndWhenMalformedThenIgnored() {
		assertThat(FeedFollowers.Report.parse("instance=gw-1; limits=memory"))
			.contains(new FeedFollowers.Report("gw-1", FeedFollowers.Limits.MEMORY));
		assertThat(FeedFollowers.Report.parse("limits=redis;instance=b")).contains(new FeedFollowers.Report("b",
				FeedFollowers.Limits.REDIS));
		assertThat(FeedFollowers.Report.parse("instance=a; limits=carrier-pigeon"))
			.contains(new FeedFollowers.Report("a", FeedFollowers.Limits.UNKNOWN));
		assertThat(FeedFollowers.Report.parse("limits=memory")).isEmpty();
		assertThat(FeedFollowers.Report.parse("instance=<script>")).isEmpty();
		assertThat(FeedFollowers.Report.parse("instance=" + "a".repeat(300))).isEmpty();
		assertThat(FeedFollowers.Report.parse(null)).isEmpty();
		assertThat(FeedFollowers.Report.parse("instance=gw-1; limits=redis; browser-session-cookies=gateway-browser"))
			.contains(new FeedFollowers.Report("gw-1", FeedFollowers.Limits.REDIS, "gateway-browser"));
		assertThat(FeedFollowers.Report.parse("instance=gw-1; browser-session-cookies=<b>")).contains(
				new FeedFollowers.Report("gw-1", FeedFollowers.Limits.UNKNOWN));
	}

	@Test
	void closedFollowerWhenRetentionPassesThenForgottenAndJustBeforeThenKept() {
		FeedFollowers followers = new FeedFollowers(Clock.systemUTC());
		followers.opened(new FeedFollowers.Report("gw-1", FeedFollowers.Limits.MEMORY), NOW);
		followers.closed("gw-1", NOW);

		assertThat(followers.current(NOW.plus(FeedFollowers.RETENTION).minusMillis(1))).hasSize(1);
		assertThat(followers.current(NOW.plus(FeedFollowers.RETENTION))).isEmpty();
	}

	@Test
	void openFollowerWhenLongPastRetentionThenKept() {
		FeedFollowers followers = new FeedFollowers(Clock.systemUTC());
		followers.opened(new FeedFollowers.Report("gw-1", FeedFollowers.Limits.REDIS), NOW);

		assertThat(followers.current(NOW.plus(FeedFollowers.RETENTION.multipliedBy(100))))
			.containsExactly(new FeedFollowers.Follower("gw-1", FeedFollowers.Limits.REDIS, 1));
	}

}

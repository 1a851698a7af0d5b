package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class RevokedSessionsTests {

	private final MutableClock clock = new MutableClock();

	private final RevokedSessions revoked = new RevokedSessions(Duration.ofSeconds(30));

	@Test
	void forgetWhenValidUntilPassedButNotTheSkewThenStillHeld() {
		UUID sid = UUID.randomUUID();
		Instant validUntil = this.clock.instant();
		this.revoked.add(sid, validUntil);

		this.clock.advance(Duration.ofSeconds(30).minusMillis(1));
		this.revoked.forgetExpired(this.clock.instant());

		assertThat(this.revoked.contains(sid.toString())).isTrue();
	}

	@Test
	void forgetWhenValidUntilPlusSkewReachedThenForgotten() {
		UUID sid = UUID.randomUUID();
		Instant validUntil = this.clock.instant();
		this.revoked.add(sid, validUntil);

		this.clock.advance(Duration.ofSeconds(30));

		assertThat(this.revoked.forgetExpired(this.clock.instant())).isEqualTo(1);
		assertThat(this.revoked.contains(sid.toString())).isFalse();
	}

	@Test
	void addWhenReportedTwiceThenLaterValidUntilWins() {
		UUID sid = UUID.randomUUID();
		Instant now = this.clock.instant();
		this.revoked.add(sid, now.plusSeconds(60));
		this.revoked.add(sid, now);

		this.revoked.forgetExpired(now.plusSeconds(60));

		assertThat(this.revoked.contains(sid.toString())).isTrue();
	}

}

package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.util.ArrayList;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RevokedSessions} under generated reports and forgetting passes on a moving clock: a
 * session is held while any token of it can still pass the validator (now before the latest
 * {@code valid_until} reported plus the skew) and forgotten by the first pass at or after that.
 * 500 cases from fixed seeds, so a failure names the seed that reproduces it.
 */
class RevokedSessionsGeneratedCasesTests {

	private static final int CASES = 500;

	private static final Duration SKEW = Duration.ofSeconds(30);

	/** A step: report session {@code sid} (0-4) valid until {@code offset} ms from now, or (sid &lt; 0) advance and forget. */
	record Step(int sid, long offset) {
	}

	/** Up to 80 steps: sid -3 to 4 (negative: advance and forget), offset -60 s to +120 s. */
	private static List<Step> steps(Random random) {
		int size = random.nextInt(81);
		List<Step> steps = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			steps.add(new Step(random.nextInt(8) - 3, random.nextLong(180_001) - 60_000));
		}
		return steps;
	}

	@Test
	void sessionIsHeldUntilValidUntilPlusSkewAndForgottenAfter() {
		for (long seed = 0; seed < CASES; seed++) {
			List<Step> steps = steps(new Random(seed));
			try {
				sessionIsHeldUntilValidUntilPlusSkewAndForgottenAfter(steps);
			}
			catch (AssertionError failure) {
				throw new AssertionError("case seed " + seed + " (steps " + steps + ")", failure);
			}
		}
	}

	private static void sessionIsHeldUntilValidUntilPlusSkewAndForgottenAfter(List<Step> steps) {
		RevokedSessions revoked = new RevokedSessions(SKEW);
		UUID[] sids = { UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID() };
		Map<Integer, Instant> latest = new HashMap<>();
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		for (Step step : steps) {
			if (step.sid() >= 0) {
				Instant validUntil = now.plusMillis(step.offset());
				revoked.add(sids[step.sid()], validUntil);
				latest.merge(step.sid(), validUntil, (a, b) -> a.isAfter(b) ? a : b);
			}
			else {
				now = now.plusMillis(Math.abs(step.offset()));
				Instant passAt = now;
				revoked.forgetExpired(passAt);
				for (Map.Entry<Integer, Instant> entry : latest.entrySet()) {
					boolean stillValid = passAt.isBefore(entry.getValue().plus(SKEW));
					assertThat(revoked.contains(sids[entry.getKey()].toString())).isEqualTo(stillValid);
				}
				latest.values().removeIf((validUntil) -> !passAt.isBefore(validUntil.plus(SKEW)));
			}
			for (Integer held : latest.keySet()) {
				assertThat(revoked.contains(sids[held].toString())).as("held until valid_until + skew").isTrue();
			}
		}
	}

}

package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RevokedSessions} under generated reports and forgetting passes on a moving clock: a
 * session is held while any token of it can still pass the validator (now before the latest
 * {@code valid_until} reported plus the skew) and forgotten by the first pass at or after that.
 */
class RevokedSessionsProperties {

	private static final Duration SKEW = Duration.ofSeconds(30);

	/** A step: report session {@code sid} (0-4) valid until {@code offset} ms from now, or (sid &lt; 0) advance and forget. */
	record Step(int sid, long offset) {
	}

	@Provide
	Arbitrary<List<Step>> steps() {
		return net.jqwik.api.Combinators
			.combine(Arbitraries.integers().between(-3, 4), Arbitraries.longs().between(-60_000, 120_000))
			.as(Step::new)
			.list()
			.ofMaxSize(80);
	}

	@Property(tries = 500)
	void sessionIsHeldUntilValidUntilPlusSkewAndForgottenAfter(@ForAll("steps") List<Step> steps) {
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

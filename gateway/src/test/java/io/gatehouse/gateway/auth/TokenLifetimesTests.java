package io.gatehouse.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The longest verified access-token lifetime per client, bounded in clients. */
class TokenLifetimesTests {

	private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");

	@Test
	void tokensWhenRecordedThenLongestPerClientKeptAndShorterOnesIgnored() {
		TokenLifetimes lifetimes = new TokenLifetimes();
		lifetimes.record(token("web", Duration.ofMinutes(15)));
		lifetimes.record(token("web", Duration.ofHours(1)));
		lifetimes.record(token("web", Duration.ofMinutes(5)));
		lifetimes.record(token("mobile", Duration.ofMinutes(10)));

		assertThat(lifetimes.longest()).containsExactly(java.util.Map.entry("mobile", Duration.ofMinutes(10)),
				java.util.Map.entry("web", Duration.ofHours(1)));
	}

	@Test
	void manyClientsWhenRecordedThenAtMostTheBoundAndKnownOnesStillUpdated() {
		TokenLifetimes lifetimes = new TokenLifetimes();
		for (int i = 0; i < TokenLifetimes.CLIENTS + 10; i++) {
			lifetimes.record(token("client-" + i, Duration.ofMinutes(15)));
		}
		lifetimes.record(token("client-0", Duration.ofHours(2)));

		assertThat(lifetimes.longest()).hasSize(TokenLifetimes.CLIENTS).containsEntry("client-0", Duration.ofHours(2));
	}

	private static ValidatedToken token(String client, Duration lifetime) {
		return new ValidatedToken("user", "session", client, Set.of(), List.of(), NOW.plus(lifetime), NOW);
	}

}

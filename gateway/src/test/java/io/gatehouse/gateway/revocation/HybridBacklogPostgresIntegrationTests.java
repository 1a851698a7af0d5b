package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.gatehouse.gateway.support.Eventually;
import io.gatehouse.gateway.support.GatewayInstance;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TokenServiceCalls;
import io.gatehouse.gateway.support.TokenServiceProcess;
import io.gatehouse.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new gateway against a token service on real PostgreSQL whose feed starts with expired and
 * purged rows and holds more than a page (1,000) of live revocations: it must know the last of
 * them from its first request, and keep receiving new ones after. PostgreSQL from the environment
 * ({@code GATEHOUSE_TEST_PG_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD},
 * {@code _DATABASE}; defaults {@code 127.0.0.1:5432}, {@code postgres}, no password, {@code test}),
 * in a fresh schema dropped afterwards.
 */
class HybridBacklogPostgresIntegrationTests {

	static final String PASSWORD = "correct-horse-battery-9";

	static final String SCHEMA = "gh_gwfeed_" + UUID.randomUUID().toString().substring(0, 8);

	static final TokenServiceProcess tokenService = startOnPostgres();

	static final RecordingUpstream upstream = new RecordingUpstream();

	static final TokenServiceCalls calls = new TokenServiceCalls(tokenService);

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
		TestPostgres.execute("drop schema if exists " + SCHEMA + " cascade");
	}

	@Test
	void hybridWhenNewGatewayStartsBehindExpiredPurgedAndOverAThousandLiveRevocationsThenFirstRequestRejectedAndFeedStaysLive() {
		String table = SCHEMA + ".session_revocations";
		TestPostgres.execute("insert into " + table + " (session_id, reason, revoked_at, valid_until) select gen_random_uuid(), "
				+ "'revoked_logout', now() - interval '2 hours', now() - interval '1 hour' from generate_series(1, 300)");
		TestPostgres.execute("delete from " + table);
		TestPostgres.execute("insert into " + table + " (session_id, reason, revoked_at, valid_until) select gen_random_uuid(), "
				+ "'revoked_logout', now() - interval '2 hours', now() - interval '1 hour' from generate_series(1, 300)");
		TestPostgres.execute("insert into " + table + " (session_id, reason, revoked_at, valid_until) select gen_random_uuid(), "
				+ "'revoked_logout', now(), now() + interval '15 minutes' from generate_series(1, 1100)");
		TokenServiceCalls.Login victim = calls.login(calls.newUser(PASSWORD), PASSWORD);
		calls.logout(victim.accessToken());

		try (GatewayInstance gateway = new GatewayInstance(gatewayProperties())) {
			assertThat(SessionModesIntegrationTests.isRevoked(gateway.http(), "/hybrid/orders", victim.accessToken()))
				.as("the victim's token on the new gateway's first request").isTrue();
			assertThat(gateway.bean(RevocationFeedClient.class).isCaughtUp()).isTrue();
			assertThat(gateway.bean(RevokedSessions.class).size()).isGreaterThanOrEqualTo(1_101);

			TokenServiceCalls.Login later = calls.login(calls.newUser(PASSWORD), PASSWORD);
			assertThat(SessionModesIntegrationTests.status(gateway.http(), "/hybrid/orders", later.accessToken()))
				.isEqualTo(200);
			calls.logout(later.accessToken());
			Eventually.within(Duration.ofSeconds(5),
					() -> SessionModesIntegrationTests.isRevoked(gateway.http(), "/hybrid/orders", later.accessToken()));
		}
	}

	private static Map<String, String> gatewayProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("gatehouse.gateway.token-service-uri", tokenService.url());
		properties.put("gatehouse.gateway.revocation-feed.startup-wait", "30s");
		String prefix = "spring.cloud.gateway.server.webflux.routes[0].";
		properties.put(prefix + "id", "hybrid");
		properties.put(prefix + "uri", upstream.url());
		properties.put(prefix + "predicates[0]", "Path=/hybrid/**");
		return properties;
	}

	private static TokenServiceProcess startOnPostgres() {
		TestPostgres.execute("create schema " + SCHEMA);
		return new TokenServiceProcess(List.of(
				"--spring.r2dbc.url=" + TestPostgres.r2dbcUrl(SCHEMA),
				"--spring.r2dbc.username=" + TestPostgres.user(), "--spring.r2dbc.password=" + TestPostgres.password()));
	}

}

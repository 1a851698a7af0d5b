package io.gatehouse.gateway.doctor;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.gatehouse.doctor.Finding;
import io.gatehouse.gateway.routes.SessionMode;

import static org.assertj.core.api.Assertions.assertThat;

/** The route checks, each with route metadata that triggers it and metadata that does not. */
class RouteChecksTests {

	@Test
	void protectedRouteWithoutModeWhenProductionThenWarningAndWithModeOrInDevelopmentNone() {
		List<Finding> findings = findings(route("orders", Map.of()), SessionMode.HYBRID, true);

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("route.mode-default-in-production");
			assertThat(finding.forUsers()).contains("Route `orders`").contains("default mode (hybrid)");
		});
		assertThat(findings(route("orders", Map.of("mode", "stateful")), SessionMode.HYBRID, true)).isEmpty();
		assertThat(findings(route("orders", Map.of()), SessionMode.HYBRID, false)).isEmpty();
		assertThat(findings(route("status", Map.of("auth", "public")), SessionMode.HYBRID, true)).isEmpty();
		assertThat(findings(route("token-service-sessions", Map.of()), SessionMode.HYBRID, true)).isEmpty();
	}

	@Test
	void hybridAdminRouteWhenFeedDownOpenThenWarningSayingSoAndWhenClosedNone() {
		List<Finding> open = findings(route("console", Map.of("roles", "admin", "mode", "hybrid")), SessionMode.STATELESS,
				false);

		assertThat(open).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("route.admin-feed-down-open");
			assertThat(finding.forUsers()).contains("route `console`").contains("roles: admin and feed-down: open");
		});
		assertThat(findings(route("console", Map.of("roles", "admin", "feed-down", "closed")), SessionMode.HYBRID, false))
			.isEmpty();
		assertThat(findings(route("console", Map.of("roles", "admin", "mode", "stateful")), SessionMode.HYBRID, false))
			.isEmpty();
		assertThat(findings(route("reports", Map.of("roles", "clerk")), SessionMode.HYBRID, false)).isEmpty();
	}

	@Test
	void hybridAdminRouteWhenFeedDisabledThenNoFeedFinding() {
		RouteChecks checks = new RouteChecks(Flux.just(route("console", Map.of("roles", "admin"))), SessionMode.HYBRID,
				false, false);

		assertThat(checks.findings().collectList().block()).isEmpty();
	}

	@Test
	void statelessRouteWhenSeenTokensLiveLongerThanFifteenMinutesThenWarningWithTheLifetimeAndOtherwiseNone() {
		RouteChecks.RouteMetadata reports = route("reports", Map.of("mode", "stateless"));

		List<Finding> findings = new RouteChecks(Flux.just(reports), SessionMode.HYBRID, true, false,
				() -> Map.of("web", Duration.ofHours(1), "mobile", Duration.ofMinutes(15)))
			.findings().collectList().block();

		assertThat(findings).singleElement().satisfies((finding) -> {
			assertThat(finding.id()).isEqualTo("route.stateless-long-access-tokens");
			assertThat(finding.forUsers()).contains("route `reports` (stateless)").contains("client `web`")
				.contains("up to 1 hour");
			assertThat(finding.setting()).contains("gatehouse.clients.web.access-token-ttl");
		});
		assertThat(new RouteChecks(Flux.just(route("orders", Map.of("mode", "hybrid"))), SessionMode.STATELESS, true,
				false, () -> Map.of("web", Duration.ofHours(1))).findings().collectList().block()).isEmpty();
		assertThat(new RouteChecks(Flux.just(reports), SessionMode.HYBRID, true, false, Map::of).findings()
			.collectList().block()).isEmpty();
	}

	private static RouteChecks.RouteMetadata route(String id, Map<String, Object> metadata) {
		return new RouteChecks.RouteMetadata(id, metadata);
	}

	private static List<Finding> findings(RouteChecks.RouteMetadata route, SessionMode defaultMode, boolean production) {
		return new RouteChecks(Flux.just(route), defaultMode, true, production).findings().collectList().block();
	}

}

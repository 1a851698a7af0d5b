package io.gatehouse.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack review of issue 15's gateway routes: every {@code GET /oauth2/authorize} with a valid
 * client makes the token service write an {@code authorization_requests} row that lives for the
 * request lifetime (10 minutes) — an unauthenticated write. One client network must not be able to
 * make as many as it likes: like {@code /oauth2/token}, the route is limited per network. Fails
 * until it is.
 */
class AuthorizationRoutesReviewIntegrationTests extends GatewayIntegrationTest {

	/** Twice the 120 a minute the token endpoint allows one network. */
	private static final int ATTEMPTS = 240;

	@DynamicPropertySource
	static void trustLoopbackProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.gateway.server.webflux.trusted-proxies", () -> "127\\.0\\.0\\.1");
	}

	@Test
	void authorizeWhenOneNetworkStartsRequestsWithoutPauseThenLimitedWith429() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < ATTEMPTS; i++) {
			statuses.add(this.http.get()
				.uri("/oauth2/authorize?response_type=code&client_id=spa&redirect_uri=http://127.0.0.1:5173/callback"
						+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=" + i)
				.header("X-Forwarded-For", "198.51.100.77")
				.exchange()
				.returnResult(Void.class)
				.getStatus()
				.value());
		}
		assertThat(statuses).as("%d authorization requests from one network reached the token service: %d",
				ATTEMPTS, tokenService.otherRequests().stream().filter((r) -> r.contains("/oauth2/authorize")).count())
			.contains(429);
	}

}

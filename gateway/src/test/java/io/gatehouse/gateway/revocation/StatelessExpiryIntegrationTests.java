package io.gatehouse.gateway.revocation;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.MutableClock;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TokenServiceCalls;
import io.gatehouse.gateway.support.TokenServiceProcess;

/**
 * Stateless mode's documented behaviour with a moving gateway clock: a token whose session was
 * logged out keeps working until its {@code exp} (15 minutes for the {@code web} client), then is
 * rejected as {@code expired}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@Import(MutableClock.Configuration.class)
class StatelessExpiryIntegrationTests {

	static final String PASSWORD = "correct-horse-battery-9";

	static final TokenServiceProcess tokenService = new TokenServiceProcess();

	static final RecordingUpstream upstream = new RecordingUpstream();

	@Autowired
	WebTestClient http;

	@Autowired
	MutableClock clock;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("gatehouse.gateway.default-mode", () -> "stateless");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "app");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", upstream::url);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/api/**");
	}

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
	}

	@Test
	void statelessWhenLoggedOutThenAcceptedUntilExpThenExpired() {
		TokenServiceCalls calls = new TokenServiceCalls(tokenService);
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		calls.logout(login.accessToken());

		this.clock.advance(Duration.ofMinutes(14));
		get(login.accessToken()).expectStatus().isOk();

		this.clock.advance(Duration.ofMinutes(3));
		get(login.accessToken()).expectStatus().isUnauthorized()
			.expectHeader().valueMatches("WWW-Authenticate", ".*error_description=\"expired\".*");
	}

	private WebTestClient.ResponseSpec get(String token) {
		return this.http.get().uri("/api/orders").headers((h) -> h.setBearerAuth(token)).exchange();
	}

}

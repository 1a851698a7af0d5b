package io.gatehouse.gateway.revocation;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.Eventually;
import io.gatehouse.gateway.support.GatewayInstance;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TokenServiceCalls;
import io.gatehouse.gateway.support.TokenServiceProcess;
import io.gatehouse.testsupport.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three session modes against the real token service (its jar, as a process): hybrid routes
 * reject a revoked session within 2 s at every gateway replica, stateful routes at once, stateless
 * routes not until the token expires. The feed and introspection run through loopback proxies the
 * tests cut to take the token service "down" for the gateway only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class SessionModesIntegrationTests {

	static final String PASSWORD = "correct-horse-battery-9";

	static final TokenServiceProcess tokenService = new TokenServiceProcess();

	static final TcpProxy feedProxy = new TcpProxy(tokenService.port());

	static final TcpProxy introspectionProxy = new TcpProxy(tokenService.port());

	static final RecordingUpstream upstream = new RecordingUpstream();

	static final TokenServiceCalls calls = new TokenServiceCalls(tokenService);

	@Autowired
	WebTestClient http;

	@Autowired
	RevocationFeedClient feed;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		gatewayProperties().forEach((key, value) -> registry.add(key, () -> value));
	}

	/** Routes /hybrid (the default mode), /stateless, /stateful and /closed (hybrid, feed-down: closed). */
	static Map<String, String> gatewayProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("gatehouse.gateway.token-service-uri", tokenService.url());
		properties.put("gatehouse.gateway.revocation-feed.uri",
				"http://127.0.0.1:" + feedProxy.port() + "/oauth2/revocations");
		properties.put("gatehouse.gateway.introspection.uri",
				"http://127.0.0.1:" + introspectionProxy.port() + "/oauth2/introspect");
		properties.put("gatehouse.gateway.revocation-feed.down-threshold", "2s");
		properties.put("gatehouse.gateway.revocation-feed.reconnect-max-backoff", "300ms");
		route(properties, 0, "hybrid", null, null);
		route(properties, 1, "stateless", "mode", "stateless");
		route(properties, 2, "stateful", "mode", "stateful");
		route(properties, 3, "closed", "feed-down", "closed");
		return properties;
	}

	private static void route(Map<String, String> properties, int index, String name, String key, String value) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
		properties.put(prefix + "id", name);
		properties.put(prefix + "uri", upstream.url());
		properties.put(prefix + "predicates[0]", "Path=/" + name + "/**");
		if (key != null) {
			properties.put(prefix + "metadata." + key, value);
		}
	}

	@AfterEach
	void reconnect() {
		feedProxy.restore();
		introspectionProxy.restore();
		Eventually.within(Duration.ofSeconds(10), this.feed::isConnected);
	}

	@AfterAll
	static void stop() {
		feedProxy.close();
		introspectionProxy.close();
		tokenService.close();
		upstream.close();
	}

	@Test
	void hybridWhenLoggedOutThenRevokedWithinTwoSecondsAtEveryGateway() {
		try (GatewayInstance second = new GatewayInstance(gatewayProperties())) {
			TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
			assertThat(status(this.http, "/hybrid/orders", login.accessToken())).isEqualTo(200);
			assertThat(status(second.http(), "/hybrid/orders", login.accessToken())).isEqualTo(200);

			calls.logout(login.accessToken());

			assertThat(Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders",
					login.accessToken()))).isLessThan(Duration.ofSeconds(2));
			assertThat(Eventually.within(Duration.ofSeconds(2), () -> isRevoked(second.http(), "/hybrid/orders",
					login.accessToken()))).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void hybridWhenPasswordChangedThenEverySessionRevokedAndCallersNewOneAccepted() {
		String username = calls.newUser(PASSWORD);
		TokenServiceCalls.Login current = calls.login(username, PASSWORD);
		TokenServiceCalls.Login other = calls.login(username, PASSWORD);

		TokenServiceCalls.Login renewed = calls.changePassword(current.accessToken(), PASSWORD, "a-brand-new-passphrase-2");

		Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders", other.accessToken()));
		Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders", current.accessToken()));
		assertThat(renewed.sessionId()).isNotEqualTo(current.sessionId());
		assertThat(status(this.http, "/hybrid/orders", renewed.accessToken())).isEqualTo(200);
	}

	@Test
	void hybridWhenReuseDetectedThenSessionRevoked() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		TokenServiceCalls.Refresh first = calls.refresh(login.refreshToken());
		TokenServiceCalls.Refresh second = calls.refresh(first.refreshToken());
		assertThat(second.status()).isEqualTo(200);

		TokenServiceCalls.Refresh replay = calls.refresh(login.refreshToken());

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.errorDescription()).contains("revoked_reuse_detected");
		Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders", login.accessToken()));
	}

	@Test
	void hybridWhenAdminEndsSessionsThenRevoked() {
		String username = calls.newUser(PASSWORD);
		TokenServiceCalls.Login login = calls.login(username, PASSWORD);

		calls.adminEndsSessionsOf(username);

		Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders", login.accessToken()));
	}

	@Test
	void hybridWhenGatewayStartsAfterRevocationThenItsFirstRequestIsRejected() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		calls.logout(login.accessToken());

		try (GatewayInstance late = new GatewayInstance(gatewayProperties())) {
			assertThat(late.bean(RevocationFeedClient.class).isCaughtUp()).isTrue();
			assertThat(isRevoked(late.http(), "/hybrid/orders", login.accessToken())).isTrue();
		}
	}

	@Test
	void hybridWhenFeedDisconnectedDuringRevocationThenCaughtUpOnReconnect() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		feedProxy.cut();
		Eventually.within(Duration.ofSeconds(5), () -> !this.feed.isConnected());

		calls.logout(login.accessToken());
		assertThat(status(this.http, "/hybrid/orders", login.accessToken()))
			.as("the disconnected gateway cannot know yet").isEqualTo(200);

		feedProxy.restore();
		Eventually.within(Duration.ofSeconds(5), () -> isRevoked(this.http, "/hybrid/orders", login.accessToken()));
	}

	@Test
	void hybridWhenFeedDownBeyondThresholdThenOpenRouteServesAndClosedRouteAnswers503() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		assertThat(status(this.http, "/closed/orders", login.accessToken())).isEqualTo(200);
		feedProxy.cut();

		Eventually.within(Duration.ofSeconds(10), () -> status(this.http, "/closed/orders", login.accessToken()) == 503);
		this.http.get().uri("/closed/orders").headers((h) -> h.setBearerAuth(login.accessToken())).exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After")
			.expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");
		assertThat(status(this.http, "/hybrid/orders", login.accessToken())).isEqualTo(200);

		feedProxy.restore();
		Eventually.within(Duration.ofSeconds(10), () -> status(this.http, "/closed/orders", login.accessToken()) == 200);
	}

	@Test
	void statefulWhenLoggedOutThenRejectedOnTheVeryNextRequest() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		assertThat(status(this.http, "/stateful/orders", login.accessToken())).isEqualTo(200);

		calls.logout(login.accessToken());

		assertThat(isRevoked(this.http, "/stateful/orders", login.accessToken())).isTrue();
	}

	@Test
	void statefulWhenTokenServiceDownThen503NotUnauthorized() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);
		introspectionProxy.cut();
		upstream.clear();

		this.http.get().uri("/stateful/orders").headers((h) -> h.setBearerAuth(login.accessToken())).exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "5")
			.expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");
		assertThat(upstream.received()).isEmpty();

		introspectionProxy.restore();
		assertThat(status(this.http, "/stateful/orders", login.accessToken())).isEqualTo(200);
	}

	@Test
	void statelessWhenLoggedOutThenTokenStillAcceptedUntilItExpires() {
		TokenServiceCalls.Login login = calls.login(calls.newUser(PASSWORD), PASSWORD);

		calls.logout(login.accessToken());
		Eventually.within(Duration.ofSeconds(2), () -> isRevoked(this.http, "/hybrid/orders", login.accessToken()));

		assertThat(status(this.http, "/stateless/orders", login.accessToken())).isEqualTo(200);
	}

	@Test
	void tokenServiceRoutesWhenFeedOrIntrospectionRequestedThroughGatewayThenNotRouted() {
		int unrouted = this.http.get().uri("/no-such-route").exchange().returnResult(String.class).getStatus().value();
		assertThat(unrouted).isEqualTo(404);

		this.http.get().uri("/oauth2/revocations")
			.headers((headers) -> headers.setBasicAuth("gateway", "gatehouse-dev-gateway-secret"))
			.exchange()
			.expectStatus().isNotFound();
		this.http.post().uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("gateway", "gatehouse-dev-gateway-secret"))
			.contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=x")
			.exchange()
			.expectStatus().isNotFound();
		this.http.get().uri("/oauth2/jwks").exchange().expectStatus().isOk();
		this.http.get().uri("/.well-known/oauth-authorization-server").exchange().expectStatus().isOk();
	}

	static int status(WebTestClient http, String path, String token) {
		return http.get().uri(path).headers((h) -> h.setBearerAuth(token)).exchange()
			.returnResult(String.class).getStatus().value();
	}

	static boolean isRevoked(WebTestClient http, String path, String token) {
		var result = http.get().uri(path).headers((h) -> h.setBearerAuth(token)).exchange().returnResult(String.class);
		String challenge = result.getResponseHeaders().getFirst("WWW-Authenticate");
		return result.getStatus().value() == 401 && challenge != null && challenge.contains("error_description=\"revoked\"");
	}

}

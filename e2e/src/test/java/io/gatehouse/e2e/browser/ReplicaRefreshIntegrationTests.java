package io.gatehouse.e2e.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.gatehouse.e2e.support.CookieJar;
import io.gatehouse.e2e.support.Gatehouse;
import io.gatehouse.e2e.support.RecordingUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target: two gateway replicas behind one public origin (no shared store between
 * them, as behind a load balancer without affinity) and one cookie session used by three "tabs" at
 * once. After the access token expired, 3 × 10 = 30 parallel requests split across both replicas
 * all succeed, nobody is signed out, and the session's timeline shows exactly one refresh per
 * replica: each replica must refresh once (it cannot learn the other's new token) and its
 * single-flight allows no second; the token service's grace covers the replica that comes second.
 * Three rounds, each after a fresh expiry, the tabs carrying the cookie the last round set.
 * Plain HTTP (the tabs share one cookie jar, as a browser's tabs do): a browser page cannot address
 * two ports as one origin.
 */
class ReplicaRefreshIntegrationTests {

	static final int TTL_SECONDS = 5;

	static final int TABS = 3;

	static final int REQUESTS_PER_TAB = 10;

	static final JsonMapper JSON = JsonMapper.builder().build();

	static RecordingUpstream upstream;

	static Gatehouse gatehouse;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@BeforeAll
	static void start() {
		upstream = RecordingUpstream.start();
		gatehouse = Gatehouse.inSchema("browser_replicas")
			.tokenService(Map.of("gatehouse.clients.gateway-browser.access-token-ttl", TTL_SECONDS + "s"))
			.gateway(Map.of("gatehouse.gateway.browser.refresh-lead-time", "1s"))
			.gatewayReplicas(2)
			.route("test-api", upstream.url(), "/api/**", Map.of())
			.start();
	}

	@AfterAll
	static void stop() {
		if (gatehouse != null) {
			gatehouse.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void apiWhenThreeTabsSendThirtyParallelRequestsAcrossTwoReplicasAfterExpiryThenAllSucceedWithOneRefreshPerReplica()
			throws Exception {
		String username = "ivan-replicas";
		String password = gatehouse.createUser(username);
		CookieJar browser = CookieJar.signIn(gatehouse.issuer(), "/api/hello", username, password);
		JsonNode session = session(0, browser);
		String sessionId = session.get("session_id").asString();

		for (int round = 1; round <= 3; round++) {
			Thread.sleep(TTL_SECONDS * 1000L + 1500);
			int before = gatehouse.admin().refreshCount(username, sessionId);
			List<Answer> answers = thirtyParallelRequests(browser.cookieHeader());
			int refreshes = gatehouse.admin().refreshCount(username, sessionId) - before;

			for (Answer answer : answers) {
				assertThat(answer.status()).as("round %d, %s: %s", round, answer.name(), answer.body()).isEqualTo(200);
				assertThat(answer.response().headers().firstValue("gatehouse-session-ended")).isEmpty();
				assertThat(answer.sessionCookie()).as("round %d, %s: no cookie cleared", round, answer.name())
					.noneMatch(CookieJar.SetCookie::removes);
			}
			assertThat(refreshes).as("round %d: refreshes of the session for 30 requests on 2 replicas, by its timeline",
					round)
				.isEqualTo(2);
			for (int replica = 0; replica < 2; replica++) {
				int of = replica;
				Set<String> newCookies = new HashSet<>();
				answers.stream()
					.filter((answer) -> answer.replica() == of)
					.flatMap((answer) -> answer.sessionCookie().stream())
					.forEach((cookie) -> newCookies.add(cookie.value()));
				assertThat(newCookies).as("round %d: the session cookies replica %d set", round, replica).isNotEmpty();
			}
			// The tabs go on with the cookie the browser kept last: replica 0's here.
			answers.stream().filter((answer) -> answer.replica() == 0).forEach((answer) -> browser.accept(answer.response()));
		}

		for (int replica = 0; replica < 2; replica++) {
			JsonNode after = session(replica, browser);
			assertThat(after.get("signed_in").asBoolean()).as("replica %d after the rounds", replica).isTrue();
			assertThat(after.get("session_id").asString()).isEqualTo(sessionId);
		}
		assertThat(gatehouse.admin().reasons(username, sessionId)).doesNotContain("reuse_detected",
				"revoked_reuse_detected");
	}

	private List<Answer> thirtyParallelRequests(String cookie) {
		List<CompletableFuture<Answer>> sent = new ArrayList<>();
		for (int tab = 0; tab < TABS; tab++) {
			for (int i = 0; i < REQUESTS_PER_TAB; i++) {
				int replica = (tab * REQUESTS_PER_TAB + i) % 2;
				String name = "tab " + tab + " request " + i + " to replica " + replica;
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(gatehouse.gatewayUrl(replica) + "/api/hello?tab=" + tab + "&i=" + i))
					.timeout(Duration.ofSeconds(30))
					.header("Cookie", cookie)
					.header("Accept", "application/json")
					.header("Sec-Fetch-Mode", "cors")
					.header("Sec-Fetch-Site", "same-origin")
					.GET()
					.build();
				sent.add(this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
					.thenApply((response) -> new Answer(name, replica, response)));
			}
		}
		return sent.stream().map(CompletableFuture::join).toList();
	}

	private JsonNode session(int replica, CookieJar browser) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(gatehouse.gatewayUrl(replica) + "/session"))
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", browser.cookieHeader())
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET /session on replica %d: %s", replica, response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private record Answer(String name, int replica, HttpResponse<String> response) {

		int status() {
			return this.response.statusCode();
		}

		String body() {
			return this.response.body();
		}

		List<CookieJar.SetCookie> sessionCookie() {
			return this.response.headers()
				.allValues("set-cookie")
				.stream()
				.map(CookieJar.SetCookie::parse)
				.filter((cookie) -> cookie.name().equals(BrowserModeInChromiumIntegrationTests.SESSION_COOKIE))
				.toList();
		}

	}

}

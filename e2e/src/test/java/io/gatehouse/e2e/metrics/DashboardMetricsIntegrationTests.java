package io.gatehouse.e2e.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.gatehouse.e2e.support.Gatehouse;
import io.gatehouse.e2e.support.RecordingUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard {@code docs/grafana/gatehouse-dashboard.json} queries only what the real
 * services export: after some traffic through the real gateway (a password login, a refresh, a
 * grace refresh, a logout, a rejected token), both services' {@code /actuator/prometheus} are
 * scraped and every metric the dashboard names must be there with every label its queries use; the
 * counted figures must show that traffic under the names the dashboard reads.
 */
class DashboardMetricsIntegrationTests {

	static final Path DASHBOARD = Path.of("..", "docs", "grafana", "gatehouse-dashboard.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static RecordingUpstream upstream;

	static Gatehouse gatehouse;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void start() {
		upstream = RecordingUpstream.start();
		gatehouse = Gatehouse.inSchema("dashboard_metrics")
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
	void dashboardWhenServicesHaveSeenTrafficThenEveryMetricAndLabelItQueriesIsExported() throws Exception {
		String user = "dash-" + System.nanoTime();
		String password = gatehouse.createUser(user);
		JsonNode login = json(post("/auth/login", "application/json",
				JSON.writeValueAsString(Map.of("username", user, "password", password, "client_id", "web"))), 200);
		String first = login.get("refresh_token").asString();
		JsonNode refreshed = json(post("/oauth2/token", "application/x-www-form-urlencoded", form(first)), 200);
		json(post("/oauth2/token", "application/x-www-form-urlencoded", form(first)), 200);
		assertThat(get("/api/hello", refreshed.get("access_token").asString()).statusCode()).isEqualTo(200);
		assertThat(get("/api/hello", null).statusCode()).isEqualTo(401);
		assertThat(get("/api/hello", "not-a-jwt").statusCode()).isEqualTo(401);
		HttpResponse<String> logout = this.http.send(HttpRequest.newBuilder(URI.create(gatehouse.issuer() + "/auth/logout"))
			.header("Authorization", "Bearer " + refreshed.get("access_token").asString())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(logout.statusCode()).isEqualTo(204);

		PrometheusScrape tokenService = PrometheusScrape.of(gatehouse.tokenServiceManagementUrl());
		PrometheusScrape gateway = PrometheusScrape.of(gatehouse.gatewayManagementUrl(0));
		DashboardQueries dashboard = DashboardQueries.read(DASHBOARD);

		assertThat(dashboard.metricsAndLabels()).as("the dashboard's queries were read").hasSizeGreaterThanOrEqualTo(8);
		assertThat(dashboard.unbackedBy(List.of(tokenService, gateway))).isEmpty();
		assertThat(tokenService.sum("gatehouse_sessions_started_total", Map.of("client", "web", "method", "password")))
			.isGreaterThanOrEqualTo(1);
		assertThat(tokenService.sum("gatehouse_sessions_ended_total", Map.of("client", "web", "reason", "revoked_logout")))
			.isEqualTo(1);
		assertThat(tokenService.sum("gatehouse_refresh_total", Map.of("client", "web", "outcome", "rotated"))).isEqualTo(1);
		assertThat(tokenService.sum("gatehouse_refresh_total", Map.of("client", "web", "outcome", "grace"))).isEqualTo(1);
		assertThat(gateway.sum("gatehouse_gateway_authentication_total", Map.of("outcome", "rejected", "reason", "missing")))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void dashboardQueryWhenItNamesAMetricOrLabelNobodyExportsThenTheCheckSaysWhich() {
		PrometheusScrape scrape = PrometheusScrape.parse("""
				# TYPE gatehouse_sessions_ended_total counter
				gatehouse_sessions_ended_total{client="web",reason="expired_idle"} 3.0
				""");

		List<String> problems = DashboardQueries.of(
				"sum by (reason) (increase(gatehouse_sessions_endedd_total[5m]))",
				"sum by (device) (increase(gatehouse_sessions_ended_total{client=~\"$client\"}[5m]))")
			.unbackedBy(List.of(scrape));

		assertThat(problems).containsExactly("gatehouse_sessions_endedd_total is not exported",
				"gatehouse_sessions_ended_total has no label device (it has [client, reason])");
	}

	private HttpResponse<String> post(String path, String type, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(gatehouse.issuer() + path))
			.header("Content-Type", type)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatehouse.issuer() + path)).GET();
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String form(String refreshToken) {
		return "grant_type=refresh_token&client_id=web&refresh_token="
				+ URLEncoder.encode(refreshToken, StandardCharsets.UTF_8);
	}

	private static JsonNode json(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		return JSON.readTree(response.body());
	}

}

package io.gatehouse.bench.modes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each mode serves while a part is down: sessions that are valid (share served) and
 * sessions logged out just before the outage, after the gateways had heard of it (share still
 * accepted), measured once the outage has lasted beyond the feed's down threshold.
 */
final class Outages {

	interface Outage {

		void begin() throws Exception;

	}

	record Result(int validServed, int validTotal, int unavailable, int revokedAccepted, int revokedTotal) {

		String cells() {
			return String.format(Locale.ROOT, "%.0f %% (%d × 503) | %.0f %%", 100.0 * this.validServed / this.validTotal,
					this.unavailable, 100.0 * this.revokedAccepted / this.revokedTotal);
		}

	}

	private final GatewayClient http;

	private final List<GatewayClient.Session> valid;

	Outages(GatewayClient http, List<GatewayClient.Session> valid) {
		this.http = http;
		this.valid = valid;
	}

	Map<String, Result> during(Outage outage, Duration lasting) throws Exception {
		List<GatewayClient.Session> revoked = this.http.logins(SessionsVsTokens.USER, SessionsVsTokens.PASSWORD, 20);
		for (GatewayClient.Session session : revoked) {
			for (String mode : SessionsVsTokens.MODES) {
				this.http.status(SessionsVsTokens.path(mode), session.accessToken());
			}
			this.http.logout(session);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!allRejected(revoked) && System.nanoTime() < deadline) {
			JavaProcess.sleep(Duration.ofMillis(50));
		}
		outage.begin();
		JavaProcess.sleep(lasting);
		Map<String, Result> results = new LinkedHashMap<>();
		for (String mode : SessionsVsTokens.MODES) {
			int served = 0;
			int unavailable = 0;
			for (GatewayClient.Session session : this.valid) {
				int status = this.http.status(SessionsVsTokens.path(mode), session.accessToken());
				served += (status == 200) ? 1 : 0;
				unavailable += (status == 503) ? 1 : 0;
			}
			int accepted = 0;
			for (GatewayClient.Session session : revoked) {
				accepted += (this.http.status(SessionsVsTokens.path(mode), session.accessToken()) == 200) ? 1 : 0;
			}
			results.put(mode, new Result(served, this.valid.size(), unavailable, accepted, revoked.size()));
			System.out.printf(Locale.ROOT, "outage, %s: %s%n", mode, results.get(mode).cells());
		}
		return results;
	}

	private boolean allRejected(List<GatewayClient.Session> revoked) {
		return revoked.stream().allMatch((session) -> this.http.status(SessionsVsTokens.path("hybrid"), session.accessToken()) == 401);
	}

	/** Waits until the gateway reports its revocation feed connected again (Prometheus gauge). */
	void awaitFeedConnected() throws IOException, InterruptedException {
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(SessionsVsTokens.gatewayManagementUrl() + "/actuator/prometheus")).build();
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (System.nanoTime() < deadline) {
			String metrics = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
			if (metrics.contains("gatehouse_gateway_revocation_feed_connected 1.0")) {
				return;
			}
			JavaProcess.sleep(Duration.ofMillis(200));
		}
		throw new IllegalStateException("the gateway's revocation feed did not reconnect");
	}

}

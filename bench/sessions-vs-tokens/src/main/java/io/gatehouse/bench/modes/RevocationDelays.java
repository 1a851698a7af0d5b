package io.gatehouse.bench.modes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Revocation delay per mode: over many trials, a fresh session's token is accepted on every route,
 * the session is logged out, and from the moment the logout call returns each route is polled
 * (one request at a time, round robin) until it rejects the token or the window closes.
 */
record RevocationDelays(List<Double> delaysMillis, int trials) {

	/** How long each trial waits for a rejection; stateless routes never reject before {@code exp}. */
	static final Duration WINDOW = Duration.ofSeconds(3);

	static Map<String, RevocationDelays> measure(GatewayClient http, int trials) {
		Map<String, List<Double>> delays = new LinkedHashMap<>();
		SessionsVsTokens.MODES.forEach((mode) -> delays.put(mode, new ArrayList<>()));
		for (int trial = 0; trial < trials; trial++) {
			GatewayClient.Session session = http.login(SessionsVsTokens.USER, SessionsVsTokens.PASSWORD);
			for (String mode : SessionsVsTokens.MODES) {
				int status = http.status(SessionsVsTokens.path(mode), session.accessToken());
				if (status != 200) {
					throw new IllegalStateException(mode + " refused a fresh token: " + status);
				}
			}
			http.logout(session);
			long loggedOut = System.nanoTime();
			List<String> pending = new ArrayList<>(SessionsVsTokens.MODES);
			while (!pending.isEmpty() && System.nanoTime() - loggedOut < WINDOW.toNanos()) {
				for (String mode : List.copyOf(pending)) {
					if (http.status(SessionsVsTokens.path(mode), session.accessToken()) == 401) {
						delays.get(mode).add((System.nanoTime() - loggedOut) / 1e6);
						pending.remove(mode);
					}
				}
			}
		}
		Map<String, RevocationDelays> results = new LinkedHashMap<>();
		delays.forEach((mode, list) -> results.put(mode, new RevocationDelays(list, trials)));
		return results;
	}

	String cells() {
		if (this.delaysMillis.isEmpty()) {
			return String.format(Locale.ROOT, "not rejected within %d s in any of %d trials (accepted until `exp`) | - | -",
					WINDOW.toSeconds(), this.trials);
		}
		List<Double> sorted = this.delaysMillis.stream().sorted().toList();
		String missed = (sorted.size() < this.trials)
				? String.format(Locale.ROOT, " (%d of %d not within %d s)", this.trials - sorted.size(), this.trials,
						WINDOW.toSeconds())
				: "";
		return String.format(Locale.ROOT, "%.0f%s | %.0f | %.0f", percentile(sorted, 50), missed, percentile(sorted, 99),
				sorted.get(sorted.size() - 1));
	}

	private static double percentile(List<Double> sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}

package io.gatehouse.tokenservice.refresh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.web.DatabaseFailures;

/**
 * {@code gatehouse_refresh_total{client, outcome, reason}}: what each refresh request of a known
 * client came to, counted once per answer. {@code outcome} is {@code rotated} (the current token),
 * {@code grace} (its predecessor, within the reuse grace), {@code rejected} ({@code invalid_grant};
 * {@code reason} is its {@code error_description}: an end reason, {@code unknown} or
 * {@code client_mismatch}), {@code unavailable} (503: the store was down or slow) or {@code error}
 * (anything else); {@code reason} is {@code none} but for rejections. Every configured client's
 * series exist from startup at 0.
 */
@Component
public final class RefreshMetrics {

	static final String NAME = "gatehouse.refresh";

	private static final String NONE = "none";

	private final MeterRegistry meters;

	/**
	 * The counters by client, outcome and reason, looked up once each: a refresh is a hot path, and
	 * building a meter id for every answer costs more than counting it.
	 */
	private final Map<Series, Counter> counters = new ConcurrentHashMap<>();

	RefreshMetrics(MeterRegistry meters, ClientRegistry clients) {
		this.meters = meters;
		List<String> reasons = new ArrayList<>(List.of(RefreshTokenRotation.UNKNOWN, RefreshTokenRotation.CLIENT_MISMATCH));
		for (SessionEndReason reason : SessionEndReason.values()) {
			reasons.add(reason.code());
		}
		for (RegisteredClient client : clients.all()) {
			for (String outcome : List.of("rotated", "grace", "unavailable", "error")) {
				counter(client.id(), outcome, NONE);
			}
			reasons.forEach((reason) -> counter(client.id(), "rejected", reason));
		}
	}

	void answered(RegisteredClient client, RotationResult result) {
		if (result instanceof RotationResult.Rotated rotated) {
			counter(client.id(), rotated.withinGrace() ? "grace" : "rotated", NONE).increment();
		}
		else if (result instanceof RotationResult.Rejected rejected) {
			counter(client.id(), "rejected", rejected.reason()).increment();
		}
	}

	void failed(RegisteredClient client, Throwable failure) {
		counter(client.id(), DatabaseFailures.isUnavailable(failure) ? "unavailable" : "error", NONE).increment();
	}

	private Counter counter(String client, String outcome, String reason) {
		return this.counters.computeIfAbsent(new Series(client, outcome, reason), (series) -> Counter.builder(NAME)
			.description("Refresh-token requests, by client and what they came to")
			.tag("client", series.client())
			.tag("outcome", series.outcome())
			.tag("reason", series.reason())
			.register(this.meters));
	}

	private record Series(String client, String outcome, String reason) {
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.client.RegisteredClient;

/**
 * {@code gatehouse_sessions_active{client}}: how many sessions of each configured client are live
 * in the store (neither ended nor timed out), counted by one query every
 * {@code gatehouse.sessions.active-count-interval} (default 30 s) rather than per scrape, so a
 * scrape never waits on the database. The figure is the store's, so every replica reports the same
 * one: a dashboard takes {@code max by (client)}, never the sum. Invariant: each gauge shows the
 * last count that succeeded (a failed count keeps it and logs once per failure); a client with no
 * live session shows 0.
 */
public final class ActiveSessionsGauge {

	static final String NAME = "gatehouse.sessions.active";

	private static final Log logger = LogFactory.getLog(ActiveSessionsGauge.class);

	private final DatabaseClient db;

	private final Clock clock;

	private final Duration interval;

	private final Duration timeout;

	private final Map<String, Long> live = new ConcurrentHashMap<>();

	ActiveSessionsGauge(DatabaseClient db, ClientRegistry clients, MeterRegistry meters, Clock clock,
			SessionProperties properties) {
		this.db = db;
		this.clock = clock;
		this.interval = properties.activeCountInterval();
		this.timeout = properties.storeTimeout();
		List<RegisteredClient> all = clients.all();
		for (RegisteredClient client : all) {
			this.live.put(client.id(), 0L);
			Gauge.builder(NAME, this.live, (counts) -> counts.getOrDefault(client.id(), 0L))
				.description("Live sessions in the store, by client (the same on every replica)")
				.tag("client", client.id())
				.register(meters);
		}
	}

	/** Counts once; emits the counts per client it read. */
	Mono<Map<String, Long>> count() {
		return this.db
			.sql("select client_id, count(*) as live from sessions where ended_at is null "
					+ "and idle_expires_at > :now and absolute_expires_at > :now group by client_id")
			.bind("now", SessionRows.at(this.clock.instant()))
			.map((row) -> Map.entry(row.get("client_id", String.class), row.get("live", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.timeout(this.timeout)
			.doOnNext(this::show);
	}

	private void show(Map<String, Long> counts) {
		for (String client : this.live.keySet()) {
			this.live.put(client, counts.getOrDefault(client, 0L));
		}
	}

	Flux<Map<String, Long>> schedule() {
		return Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> count().onErrorResume((ex) -> {
				logger.warn("Counting live sessions failed, the gauge keeps its last value: " + ex.getMessage());
				return Mono.empty();
			}));
	}

}

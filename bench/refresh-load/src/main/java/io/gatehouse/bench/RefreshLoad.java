package io.gatehouse.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded refresh-rotation load on loopback: logs in {@code sessions} sessions, then for each
 * concurrency level runs a warm-up and a measured period in which {@code concurrency} workers
 * each cycle through their own share of the sessions, always presenting the session's newest
 * refresh token. Reports req/s, p50/p99/max, errors and the token service's (and PostgreSQL's)
 * CPU milliseconds per refresh, read from /proc.
 *
 * <p>Arguments: {@code baseUrl username password sessions warmupSeconds measureSeconds
 * serverPid concurrency...}.
 */
public final class RefreshLoad {

	private static final JsonMapper json = JsonMapper.shared();

	public static void main(String[] args) throws Exception {
		String baseUrl = args[0];
		String username = args[1];
		String password = args[2];
		int sessionCount = Integer.parseInt(args[3]);
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[4]));
		Duration measure = Duration.ofSeconds(Long.parseLong(args[5]));
		long serverPid = Long.parseLong(args[6]);
		List<Integer> levels = new ArrayList<>();
		for (int i = 7; i < args.length; i++) {
			levels.add(Integer.parseInt(args[i]));
		}
		if (!baseUrl.startsWith("http://127.") && !baseUrl.startsWith("http://localhost")) {
			throw new IllegalArgumentException("loopback targets only: " + baseUrl);
		}
		int maxConcurrency = levels.stream().max(Integer::compare).orElse(16);
		HttpClient client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(maxConcurrency).build())
			.baseUrl(baseUrl);

		AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(sessionCount);
		Flux.range(0, sessionCount)
			.flatMap((i) -> login(client, username, password).doOnNext((token) -> tokens.set(i, token)), 4)
			.blockLast(Duration.ofMinutes(5));
		System.out.printf(Locale.ROOT, "logged in %d sessions%n", sessionCount);

		for (int concurrency : levels) {
			run(client, tokens, concurrency, warmup, false, serverPid);
			run(client, tokens, concurrency, measure, true, serverPid);
		}
		// Reactor Netty's event-loop threads would keep the JVM (and the run script waiting on it) alive.
		System.exit(0);
	}

	private static void run(HttpClient client, AtomicReferenceArray<String> tokens, int concurrency, Duration duration,
			boolean report, long serverPid) {
		Recorder latencies = new Recorder(3);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long serverCpuBefore = cpuMillis(serverPid);
		long postgresCpuBefore = postgresCpuMillis();
		long deadline = System.nanoTime() + duration.toNanos();
		long started = System.nanoTime();
		Flux.range(0, concurrency)
			.flatMap((worker) -> Flux.range(0, Integer.MAX_VALUE)
				.map((n) -> worker + (n * concurrency) % (tokens.length() - (tokens.length() % concurrency)))
				.takeWhile((session) -> System.nanoTime() < deadline)
				.concatMap((session) -> refresh(client, tokens, session, latencies, ok, errors)), concurrency)
			.blockLast(duration.plusMinutes(1));
		double seconds = (System.nanoTime() - started) / 1e9;
		if (!report) {
			System.out.printf(Locale.ROOT, "c=%d warm-up: %d refreshes, %d errors%n", concurrency, ok.get(), errors.get());
			return;
		}
		Histogram histogram = latencies.getIntervalHistogram();
		long serverCpu = cpuMillis(serverPid) - serverCpuBefore;
		long postgresCpu = postgresCpuMillis() - postgresCpuBefore;
		String line = String.format(Locale.ROOT,
				"| %d | %d | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f |", concurrency, ok.get(), ok.get() / seconds,
				histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
				histogram.getMaxValue() / 1000.0, errors.get(), (double) serverCpu / Math.max(1, ok.get()),
				(double) postgresCpu / Math.max(1, ok.get()));
		System.out.println(line);
	}

	private static Mono<Void> refresh(HttpClient client, AtomicReferenceArray<String> tokens, int session,
			Recorder latencies, AtomicLong ok, AtomicLong errors) {
		String form = "grant_type=refresh_token&client_id=web&refresh_token=" + tokens.get(session);
		long start = System.nanoTime();
		return client.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE,
				HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED))
			.post()
			.uri("/oauth2/token")
			.send(ByteBufFlux.fromString(Mono.just(form)))
			.responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.map((text) -> {
					latencies.recordValue((System.nanoTime() - start) / 1000);
					if (response.status().code() == 200) {
						tokens.set(session, json.readTree(text).get("refresh_token").asString());
						ok.incrementAndGet();
					}
					else {
						errors.incrementAndGet();
					}
					return text;
				}))
			.onErrorResume((ex) -> {
				errors.incrementAndGet();
				return Mono.empty();
			})
			.then();
	}

	private static Mono<String> login(HttpClient client, String username, String password) {
		String body = json.writeValueAsString(java.util.Map.of("username", username, "password", password, "client_id", "web"));
		return client.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON))
			.post()
			.uri("/auth/login")
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8))
			.map((text) -> {
				JsonNode node = json.readTree(text);
				if (!node.has("refresh_token")) {
					throw new IllegalStateException("login failed: " + text);
				}
				return node.get("refresh_token").asString();
			});
	}

	/** utime + stime of a process in milliseconds, from /proc/PID/stat (clock ticks of 10 ms). */
	private static long cpuMillis(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private static long postgresCpuMillis() {
		long total = 0;
		try (var dirs = Files.list(Path.of("/proc"))) {
			for (Path dir : dirs.toList()) {
				String name = dir.getFileName().toString();
				if (name.chars().allMatch(Character::isDigit)) {
					try {
						String comm = Files.readString(dir.resolve("comm")).trim();
						if (comm.startsWith("postgres")) {
							total += cpuMillis(Long.parseLong(name));
						}
					}
					catch (Exception ex) {
						// process ended
					}
				}
			}
		}
		catch (Exception ex) {
			return 0;
		}
		return total;
	}

}

package io.gatehouse.bench.modes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP on loopback: logins and logouts at the token service, requests and bounded load through the gateway. */
final class GatewayClient {

	private static final JsonMapper json = JsonMapper.shared();

	private final HttpClient tokenService;

	private final HttpClient gateway;

	GatewayClient(String tokenServiceUrl, String gatewayUrl, int maxConnections) {
		for (String url : List.of(tokenServiceUrl, gatewayUrl)) {
			if (!url.startsWith("http://127.")) {
				throw new IllegalArgumentException("loopback targets only: " + url);
			}
		}
		this.tokenService = HttpClient.create(ConnectionProvider.builder("token-service").maxConnections(8).build())
			.baseUrl(tokenServiceUrl);
		this.gateway = HttpClient.create(ConnectionProvider.builder("gateway").maxConnections(maxConnections).build())
			.baseUrl(gatewayUrl)
			.responseTimeout(Duration.ofSeconds(10));
	}

	record Session(String accessToken, String sessionId) {
	}

	Session login(String username, String password) {
		String body = json.writeValueAsString(Map.of("username", username, "password", password, "client_id", "web"));
		String text = this.tokenService.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON))
			.post()
			.uri("/auth/login")
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8))
			.block(Duration.ofSeconds(30));
		JsonNode node = json.readTree(text);
		if (!node.has("access_token")) {
			throw new IllegalStateException("login failed: " + text);
		}
		return new Session(node.get("access_token").asString(), node.get("session_id").asString());
	}

	List<Session> logins(String username, String password, int count) {
		return Flux.range(0, count).flatMap((i) -> Mono.fromCallable(() -> login(username, password))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 4)
			.collectList()
			.block(Duration.ofMinutes(10));
	}

	void createUser(String adminToken, String username, String password) {
		String body = json.writeValueAsString(Map.of("username", username, "password", password, "roles", List.of("user")));
		int status = this.tokenService.headers((h) -> h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + adminToken))
			.post()
			.uri("/admin/users")
			.send(ByteBufFlux.fromString(Mono.just(body)))
			.responseSingle((response, content) -> Mono.just(response.status().code()))
			.block(Duration.ofSeconds(30));
		if (status != 201 && status != 409) {
			throw new IllegalStateException("creating the bench user answered " + status);
		}
	}

	/** Logs the session out; returns when the token service has answered. */
	void logout(Session session) {
		int status = this.tokenService.headers((h) -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + session.accessToken()))
			.post()
			.uri("/auth/logout")
			.responseSingle((response, content) -> Mono.just(response.status().code()))
			.block(Duration.ofSeconds(30));
		if (status != 204) {
			throw new IllegalStateException("logout answered " + status);
		}
	}

	/** The gateway's status for one request with this token; 0 when no answer came. */
	int status(String path, String token) {
		return this.gateway.headers((h) -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
			.get()
			.uri(path)
			.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.onErrorReturn(0)
			.block(Duration.ofSeconds(15));
	}

	record LoadResult(long ok, double perSecond, double p50Millis, double p99Millis, long errors,
			double gatewayCpuPerRequest, double tokenServiceCpuPerRequest, double postgresCpuPerRequest) {

		/** The mean of several rounds' figures. */
		static LoadResult mean(List<LoadResult> rounds) {
			int n = rounds.size();
			return new LoadResult(rounds.stream().mapToLong(LoadResult::ok).sum(),
					rounds.stream().mapToDouble(LoadResult::perSecond).sum() / n,
					rounds.stream().mapToDouble(LoadResult::p50Millis).sum() / n,
					rounds.stream().mapToDouble(LoadResult::p99Millis).sum() / n,
					rounds.stream().mapToLong(LoadResult::errors).sum(),
					rounds.stream().mapToDouble(LoadResult::gatewayCpuPerRequest).sum() / n,
					rounds.stream().mapToDouble(LoadResult::tokenServiceCpuPerRequest).sum() / n,
					rounds.stream().mapToDouble(LoadResult::postgresCpuPerRequest).sum() / n);
		}

		String cells() {
			return String.format(Locale.ROOT, "%.0f | %.2f | %.2f | %d | %.3f | %.3f | %.3f", this.perSecond, this.p50Millis,
					this.p99Millis, this.errors, this.gatewayCpuPerRequest, this.tokenServiceCpuPerRequest,
					this.postgresCpuPerRequest);
		}

	}

	/**
	 * {@code concurrency} workers send GET {@code path} with the tokens in turn for {@code duration}
	 * (bounded); anything but 200 is an error.
	 */
	LoadResult load(String path, List<Session> sessions, int concurrency, Duration duration, long gatewayPid,
			long tokenServicePid) {
		Recorder latencies = new Recorder(3);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long gatewayCpu = JavaProcess.cpuMillis(gatewayPid);
		long tokenServiceCpu = JavaProcess.cpuMillis(tokenServicePid);
		long postgresCpu = Postgres.cpuMillis();
		long started = System.nanoTime();
		long deadline = started + duration.toNanos();
		Flux.range(0, concurrency)
			.flatMap((worker) -> Flux.range(0, Integer.MAX_VALUE)
				.takeWhile((n) -> System.nanoTime() < deadline)
				.concatMap((n) -> timed(path, sessions.get((worker + n * concurrency) % sessions.size()).accessToken(),
						latencies, ok, errors)), concurrency)
			.blockLast(duration.plusMinutes(1));
		double seconds = (System.nanoTime() - started) / 1e9;
		Histogram histogram = latencies.getIntervalHistogram();
		double requests = Math.max(1, ok.get() + errors.get());
		return new LoadResult(ok.get(), ok.get() / seconds, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, errors.get(),
				(JavaProcess.cpuMillis(gatewayPid) - gatewayCpu) / requests,
				(JavaProcess.cpuMillis(tokenServicePid) - tokenServiceCpu) / requests,
				Math.max(0, Postgres.cpuMillis() - postgresCpu) / requests);
	}

	private Mono<Void> timed(String path, String token, Recorder latencies, AtomicLong ok, AtomicLong errors) {
		long start = System.nanoTime();
		return this.gateway.headers((h) -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
			.get()
			.uri(path)
			.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.doOnNext((status) -> {
				latencies.recordValue((System.nanoTime() - start) / 1000);
				(status == 200 ? ok : errors).incrementAndGet();
			})
			.onErrorResume((ex) -> {
				errors.incrementAndGet();
				return Mono.empty();
			})
			.then();
	}

}

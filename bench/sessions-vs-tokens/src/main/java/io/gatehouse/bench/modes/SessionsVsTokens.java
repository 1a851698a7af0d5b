package io.gatehouse.bench.modes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gatehouse.testsupport.TcpProxy;

/**
 * The sessions-versus-tokens benchmark: one run on loopback against PostgreSQL that starts the
 * token service (through a cuttable proxy to PostgreSQL), a demo upstream and the gateway with one
 * route per mode, then measures for each mode the throughput and latency through the gateway, the
 * revocation delay over many logouts, and what is served while the token service and then
 * PostgreSQL are down. Writes the results into {@code docs/sessions-vs-tokens.md}.
 *
 * <p>Arguments: {@code repositoryRoot database}. Settings from the environment:
 * {@code WARMUP_SECONDS} (10), {@code MEASURE_SECONDS} (20), {@code CONCURRENCY} (16),
 * {@code SESSIONS} (100), {@code TRIALS} (30).
 */
public final class SessionsVsTokens {

	static final List<String> MODES = List.of("stateless", "hybrid", "stateful");

	/** Measured rounds per mode, in alternating order. */
	static final int ROUNDS = 2;

	static final int TOKEN_SERVICE_PORT = 19100;

	static final int UPSTREAM_PORT = 19101;

	static final int GATEWAY_PORT = 19102;

	/** Actuator ports (health, metrics): never the client ports. */
	static final int TOKEN_SERVICE_MANAGEMENT_PORT = 19110;

	static final int GATEWAY_MANAGEMENT_PORT = 19112;

	static final String USER = "modes-bench";

	static final String PASSWORD = "rotating-keys-secret-77";

	/** The gateway's default revocation-feed down threshold, after which hybrid routes fall back. */
	static final Duration FEED_DOWN_THRESHOLD = Duration.ofSeconds(10);

	public static void main(String[] args) throws Exception {
		Path repo = Path.of(args[0]).toAbsolutePath().normalize();
		String database = args[1];
		Duration warmup = Duration.ofSeconds(setting("WARMUP_SECONDS", 10));
		Duration measure = Duration.ofSeconds(setting("MEASURE_SECONDS", 20));
		int concurrency = (int) setting("CONCURRENCY", 16);
		int sessionCount = (int) setting("SESSIONS", 100);
		int trials = (int) setting("TRIALS", 30);
		Path logs = Files.createTempDirectory("gatehouse-modes");
		System.out.println("logs in " + logs);

		try (TcpProxy postgres = new TcpProxy(5432)) {
			byte[] kek = new byte[32];
			new SecureRandom().nextBytes(kek);
			Map<String, String> tokenServiceEnv = Map.of(
					"SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
					"SPRING_R2DBC_USERNAME", "postgres", "SPRING_R2DBC_PASSWORD", "",
					"GATEHOUSE_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(kek),
					"GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", "bench-admin",
					"GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "modes-admin-pass-42");
			List<String> tokenServiceArgs = List.of("--server.port=" + TOKEN_SERVICE_PORT,
					"--management.server.port=" + TOKEN_SERVICE_MANAGEMENT_PORT,
					"--gatehouse.issuer=http://127.0.0.1:" + TOKEN_SERVICE_PORT, "--logging.level.io.gatehouse=warn");
			Path tokenServiceJar = repo.resolve("token-service/target/token-service.jar");
			JavaProcess tokenService = JavaProcess.start("token-service", tokenServiceJar, "1g", tokenServiceEnv,
					tokenServiceArgs, logs);
			try (JavaProcess upstream = JavaProcess.start("demo-upstream", repo.resolve("demo-upstream/target/demo-upstream.jar"),
					"256m", Map.of(), List.of("--server.port=" + UPSTREAM_PORT), logs)) {
				tokenService.awaitReady(tokenServiceManagementUrl() + "/actuator/health", Duration.ofMinutes(2));
				upstream.awaitReady("http://127.0.0.1:" + UPSTREAM_PORT + "/api/ping", Duration.ofMinutes(1));
				try (JavaProcess gateway = JavaProcess.start("gateway", repo.resolve("gateway/target/gateway.jar"), "1g",
						Map.of(), gatewayArgs(), logs)) {
					gateway.awaitReady(gatewayManagementUrl() + "/actuator/health/readiness", Duration.ofMinutes(2));
					GatewayClient http = new GatewayClient(tokenServiceUrl(), gatewayUrl(), concurrency);
					http.createUser(http.login("bench-admin", "modes-admin-pass-42").accessToken(), USER, PASSWORD);
					List<GatewayClient.Session> sessions = http.logins(USER, PASSWORD, sessionCount);
					System.out.printf(Locale.ROOT, "%d sessions logged in%n", sessions.size());

					// Warm every path first (the JIT needs longer than one mode's share on two cores), then
					// measure in rounds of alternating order so drift does not favour one mode.
					for (int round = 0; round < 2; round++) {
						for (String mode : MODES) {
							http.load(path(mode), sessions, concurrency, warmup, gateway.pid(), tokenService.pid());
						}
					}
					Map<String, List<GatewayClient.LoadResult>> rounds = new LinkedHashMap<>();
					MODES.forEach((mode) -> rounds.put(mode, new ArrayList<>()));
					for (int round = 0; round < ROUNDS; round++) {
						List<String> order = new ArrayList<>(MODES);
						if (round % 2 == 1) {
							java.util.Collections.reverse(order);
						}
						for (String mode : order) {
							GatewayClient.LoadResult result = http.load(path(mode), sessions, concurrency, measure,
									gateway.pid(), tokenService.pid());
							rounds.get(mode).add(result);
							System.out.printf(Locale.ROOT, "round %d, %s: %s%n", round + 1, mode, result.cells());
						}
					}
					Map<String, GatewayClient.LoadResult> load = new LinkedHashMap<>();
					rounds.forEach((mode, results) -> load.put(mode, GatewayClient.LoadResult.mean(results)));

					Map<String, RevocationDelays> delays = RevocationDelays.measure(http, trials);
					delays.forEach((mode, result) -> System.out.printf(Locale.ROOT, "%s revocation delay: %s%n", mode,
							result.cells()));

					Outages outages = new Outages(http, sessions.subList(0, Math.min(20, sessions.size())));
					JavaProcess crashing = tokenService;
					Map<String, Outages.Result> tokenServiceDown = outages.during(crashing::crash,
							FEED_DOWN_THRESHOLD.plusSeconds(2));
					tokenService = JavaProcess.start("token-service", tokenServiceJar, "1g", tokenServiceEnv, tokenServiceArgs,
							logs);
					tokenService.awaitReady(tokenServiceManagementUrl() + "/actuator/health", Duration.ofMinutes(2));
					outages.awaitFeedConnected();
					Map<String, Outages.Result> postgresDown = outages.during(postgres::cut, FEED_DOWN_THRESHOLD.plusSeconds(2));
					postgres.restore();
					tokenService.awaitReady(tokenServiceManagementUrl() + "/actuator/health", Duration.ofMinutes(2));
					outages.awaitFeedConnected();

					MillionRevocations million = MillionRevocations.measure(repo, database, gateway, gatewayArgs(), logs);
					System.out.println(million.line());

					Path doc = repo.resolve("docs/sessions-vs-tokens.md");
					Report report = new Report(load, delays, tokenServiceDown, postgresDown, million.line(),
							String.format(Locale.ROOT, "c=%d, %d sessions, %d s warm-up per mode twice, then %d rounds of %d s per mode in alternating order (figures are the mean of the rounds), %d revocation trials",
									concurrency, sessionCount, warmup.toSeconds(), ROUNDS, measure.toSeconds(), trials));
					report.write(doc);
					System.out.println(report.tables());
					System.out.println("wrote " + doc);
				}
			}
			finally {
				tokenService.close();
			}
		}
	}

	static String path(String mode) {
		return "/api/" + mode + "/orders";
	}

	static String tokenServiceUrl() {
		return "http://127.0.0.1:" + TOKEN_SERVICE_PORT;
	}

	static String gatewayUrl() {
		return "http://127.0.0.1:" + GATEWAY_PORT;
	}

	static String tokenServiceManagementUrl() {
		return "http://127.0.0.1:" + TOKEN_SERVICE_MANAGEMENT_PORT;
	}

	static String gatewayManagementUrl() {
		return "http://127.0.0.1:" + GATEWAY_MANAGEMENT_PORT;
	}

	private static List<String> gatewayArgs() {
		List<String> args = new ArrayList<>(List.of("--server.port=" + GATEWAY_PORT,
				"--management.server.port=" + GATEWAY_MANAGEMENT_PORT,
				"--gatehouse.gateway.token-service-uri=" + tokenServiceUrl(), "--logging.level.io.gatehouse=warn",
				"--gatehouse.gateway.revocation-feed.down-threshold=" + FEED_DOWN_THRESHOLD.toSeconds() + "s"));
		for (int i = 0; i < MODES.size(); i++) {
			String prefix = "--spring.cloud.gateway.server.webflux.routes[" + i + "].";
			args.add(prefix + "id=" + MODES.get(i));
			args.add(prefix + "uri=http://127.0.0.1:" + UPSTREAM_PORT);
			args.add(prefix + "predicates[0]=Path=/api/" + MODES.get(i) + "/**");
			args.add(prefix + "metadata.mode=" + MODES.get(i));
		}
		return args;
	}

	private static long setting(String name, long defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? Long.parseLong(value.trim()) : defaultValue;
	}

}

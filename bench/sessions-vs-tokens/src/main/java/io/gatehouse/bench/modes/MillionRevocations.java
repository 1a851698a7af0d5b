package io.gatehouse.bench.modes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and catch-up time of a gateway holding one million revoked sessions: one million rows
 * are appended to the token service's revocation table (as a mass logout within one access-token
 * lifetime would), a new gateway with the default heap is started, and its heap after a full GC is
 * compared with that of the running gateway before the rows existed.
 */
record MillionRevocations(long revocations, long maxHeapMb, double baselineHeapMb, double heapMb, double bytesPerSession,
		double catchUpSeconds) {

	static final int GATEWAY_PORT = 19103;

	static final int GATEWAY_MANAGEMENT_PORT = 19113;

	static MillionRevocations measure(Path repo, String database, JavaProcess runningGateway, List<String> gatewayArgs,
			Path logs) throws Exception {
		long revocations = 1_000_000;
		double baseline = heapAfterGc(runningGateway, SessionsVsTokens.gatewayManagementUrl());
		psql(database, "insert into session_revocations (session_id, reason, revoked_at, valid_until) "
				+ "select gen_random_uuid(), 'revoked_admin', now(), now() + interval '15 minutes' "
				+ "from generate_series(1, " + revocations + ")");
		List<String> args = new java.util.ArrayList<>(gatewayArgs);
		args.replaceAll((arg) -> arg.startsWith("--server.port=") ? "--server.port=" + GATEWAY_PORT : arg);
		args.replaceAll((arg) -> arg.startsWith("--management.server.port=") ? "--management.server.port=" + GATEWAY_MANAGEMENT_PORT
				: arg);
		long started = System.nanoTime();
		try (JavaProcess fresh = JavaProcess.start("gateway-million", repo.resolve("gateway/target/gateway.jar"), null,
				Map.of(), args, logs)) {
			String url = "http://127.0.0.1:" + GATEWAY_MANAGEMENT_PORT;
			fresh.awaitReady(url + "/actuator/health/readiness", Duration.ofMinutes(5));
			double catchUp = (System.nanoTime() - started) / 1e9;
			double heap = heapAfterGc(fresh, url);
			return new MillionRevocations(revocations, maxHeapMb(fresh), baseline, heap, (heap - baseline) * 1024 * 1024 / revocations, catchUp);
		}
	}

	String line() {
		return String.format(Locale.ROOT,
				"%,d revoked sessions held by a gateway with the default heap (%d MB max): heap after full GC %.0f MB "
						+ "vs %.0f MB for a gateway holding none, so about %.0f bytes per revoked session; "
						+ "a new gateway started, caught up on all of them and became ready in %.1f s.",
				this.revocations, this.maxHeapMb, this.heapMb, this.baselineHeapMb,
				this.bytesPerSession, this.catchUpSeconds);
	}

	private static double heapAfterGc(JavaProcess gateway, String url) throws IOException, InterruptedException {
		jcmd(gateway, "GC.run");
		String body = java.net.http.HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/jvm.memory.used?tag=area:heap")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher value = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+]+)").matcher(body);
		if (!value.find()) {
			throw new IllegalStateException("no heap figure in " + body);
		}
		return Double.parseDouble(value.group(1)) / (1024 * 1024);
	}

	private static long maxHeapMb(JavaProcess gateway) throws IOException, InterruptedException {
		Matcher flag = Pattern.compile("MaxHeapSize=(\\d+)").matcher(jcmd(gateway, "VM.flags"));
		return flag.find() ? Long.parseLong(flag.group(1)) / (1024 * 1024) : -1;
	}

	private static String jcmd(JavaProcess gateway, String command) throws IOException, InterruptedException {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		Process process = new ProcessBuilder(jcmd, Long.toString(gateway.pid()), command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		return output;
	}

	private static void psql(String database, String sql) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql,
				database).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("psql failed: " + output);
		}
	}

}

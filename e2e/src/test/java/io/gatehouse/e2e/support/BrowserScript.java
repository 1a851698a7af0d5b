package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one scenario of {@code e2e/browser/scenarios.mjs}: Node drives Debian's headless Chromium
 * with playwright-core and prints one JSON line of what the browser (and the relying party in the
 * script) saw, which the Java test asserts. The input goes on standard input (it holds test
 * passwords); the run is bounded by a timeout and its output kept for the failure message.
 * Without {@code /usr/bin/chromium} or {@code e2e/node_modules} the run fails saying to run
 * {@code bin/ensure-chromium}: the browser tests never skip themselves.
 */
public final class BrowserScript {

	/** Debian's Chromium: the only browser the tests use (never a downloaded one). */
	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path SCRIPT = Path.of("browser", "scenarios.mjs");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private BrowserScript() {
	}

	/**
	 * Runs {@code scenario} with {@code input} and returns its JSON result; fails with the
	 * script's output when it exits non-zero, times out or reports {@code "ok": false}.
	 */
	public static JsonNode run(String scenario, Map<String, Object> input) {
		return run(scenario, input, TIMEOUT);
	}

	/**
	 * The same with a longer bound, for a scenario that waits on purpose (token expiries, a
	 * service restarted); the script gets the bound less 10 s as {@code timeoutMs}, so it reports
	 * its own timeout first.
	 */
	public static JsonNode run(String scenario, Map<String, Object> input, Duration timeout) {
		checkInstalled();
		Map<String, Object> bounded = new HashMap<>(input);
		bounded.put("timeoutMs", timeout.minusSeconds(10).toMillis());
		Path output = temporaryFile("browser-" + scenario, ".log");
		try {
			Process node = startNode(scenario, output);
			try (OutputStream stdin = node.getOutputStream()) {
				stdin.write(JSON.writeValueAsString(bounded).getBytes(StandardCharsets.UTF_8));
			}
			if (!node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("Browser scenario " + scenario + " did not finish within " + timeout + ":\n"
						+ Files.readString(output));
			}
			String printed = Files.readString(output);
			JsonNode result = lastJsonLine(printed);
			if (node.exitValue() != 0 || result == null || !result.path("ok").asBoolean(false)) {
				throw new AssertionError("Browser scenario " + scenario + " failed (exit " + node.exitValue() + "):\n" + printed);
			}
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Fails (never skips) when the browser or the Node packages are missing, saying how to install them. */
	public static void checkInstalled() {
		if (!Files.isExecutable(CHROMIUM)) {
			throw new AssertionError(CHROMIUM + " is missing: run bin/ensure-chromium (installs Debian's chromium "
					+ "package and the e2e/ npm packages); the browser tests never download a browser");
		}
		if (!Files.isDirectory(Path.of("node_modules", "playwright-core"))
				|| !Files.isDirectory(Path.of("node_modules", "oauth4webapi"))) {
			throw new AssertionError("e2e/node_modules is missing or incomplete: run bin/ensure-chromium "
					+ "(or: cd e2e && npm ci --ignore-scripts)");
		}
	}

	private static Process startNode(String scenario, Path output) {
		try {
			return new ProcessBuilder(List.of("node", SCRIPT.toString(), scenario)).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot run node (" + ex.getMessage() + "): install Node.js 20+ and npm "
					+ "(Debian: apt-get install nodejs npm), then run bin/ensure-chromium", ex);
		}
	}

	private static JsonNode lastJsonLine(String printed) {
		String[] lines = printed.strip().split("\n");
		for (int i = lines.length - 1; i >= 0; i--) {
			String line = lines[i].strip();
			if (line.startsWith("{")) {
				try {
					return JSON.readTree(line);
				}
				catch (RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private static Path temporaryFile(String prefix, String suffix) {
		try {
			return Files.createTempFile(prefix, suffix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

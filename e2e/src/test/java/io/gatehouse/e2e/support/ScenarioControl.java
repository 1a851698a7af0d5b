package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a browser scenario asks of the Java side while it runs (the Node script, never the browser,
 * calls it): stop or start the token service, end a user's sessions as an administrator, count a
 * session's refreshes in its timeline. Each action is {@code POST /<name>} with a JSON body on a
 * loopback port and answers its result as JSON, or 500 with the failure's message.
 */
public final class ScenarioControl implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService workers = Executors.newFixedThreadPool(2);

	private final Map<String, Function<JsonNode, Object>> actions = new ConcurrentHashMap<>();

	private ScenarioControl(HttpServer server) {
		this.server = server;
	}

	/** Starts it on a free loopback port, with no actions yet. */
	public static ScenarioControl start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
			ScenarioControl control = new ScenarioControl(server);
			server.createContext("/", control::answer);
			server.setExecutor(control.workers);
			server.start();
			return control;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The standard actions on {@code gatehouse}: {@code stop-token-service}, {@code start-token-service}, {@code end-sessions}, {@code refresh-count}, {@code reasons}. */
	public static ScenarioControl of(Gatehouse gatehouse) {
		ScenarioControl control = start();
		control.action("stop-token-service", (input) -> {
			gatehouse.stopTokenService();
			return Map.of("stopped", true);
		});
		control.action("start-token-service", (input) -> {
			gatehouse.startTokenService();
			return Map.of("started", true);
		});
		control.action("end-sessions", (input) -> {
			gatehouse.admin().endAllSessions(input.get("username").asString());
			return Map.of("ended", true);
		});
		control.action("refresh-count", (input) -> Map.of("refreshes",
				gatehouse.admin().refreshCount(input.get("username").asString(), input.get("sessionId").asString())));
		control.action("reasons", (input) -> Map.of("reasons",
				gatehouse.admin().reasons(input.get("username").asString(), input.get("sessionId").asString())));
		return control;
	}

	/** Adds (or replaces) action {@code name}. */
	public ScenarioControl action(String name, Function<JsonNode, Object> action) {
		this.actions.put(name, action);
		return this;
	}

	/** Its URL, which the scenario receives as {@code controlUrl}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			String name = exchange.getRequestURI().getPath().substring(1);
			Function<JsonNode, Object> action = this.actions.get(name);
			String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			int status;
			Object result;
			if (action == null || !"POST".equals(exchange.getRequestMethod())) {
				status = 404;
				result = Map.of("error", "no action " + name + "; one of " + this.actions.keySet());
			}
			else {
				try {
					result = action.apply(text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text));
					status = 200;
				}
				catch (RuntimeException ex) {
					status = 500;
					result = Map.of("error", String.valueOf(ex));
				}
			}
			byte[] json = JSON.writeValueAsString(result).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, json.length);
			exchange.getResponseBody().write(json);
		}
	}

}

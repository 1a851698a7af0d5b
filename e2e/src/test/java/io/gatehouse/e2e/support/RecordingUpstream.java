package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * An upstream app behind the gateway that records every request it receives (method, path, the
 * headers the gateway forwarded) and answers 200 with a JSON echo of the identity headers, as the
 * demo app does. Tests ask it whether the gateway forwarded a request at all (a refused CSRF
 * attempt must never arrive) and what it carried (no gateway cookie, the bearer access token).
 */
public final class RecordingUpstream implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService workers = Executors.newFixedThreadPool(16);

	private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	private RecordingUpstream(HttpServer server) {
		this.server = server;
	}

	/** Starts it on a free loopback port. */
	public static RecordingUpstream start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
			RecordingUpstream upstream = new RecordingUpstream(server);
			server.createContext("/", upstream::answer);
			server.setExecutor(upstream.workers);
			server.start();
			return upstream;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Its URL, for a gateway route's {@code uri}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Every request received so far, in arrival order. */
	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/** The requests received so far for {@code path}. */
	public List<Received> received(String method, String path) {
		return this.received.stream().filter((r) -> r.method().equals(method) && r.path().equals(path)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.workers.shutdownNow();
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
			Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers);
			this.received.add(request);
			Map<String, Object> echo = new LinkedHashMap<>();
			echo.put("path", request.path());
			echo.put("method", request.method());
			echo.put("subject", headers.get("x-auth-subject"));
			echo.put("session", headers.get("x-auth-session"));
			echo.put("client", headers.get("x-auth-client"));
			echo.put("scopes", headers.get("x-auth-scopes"));
			byte[] json = JSON.writeValueAsString(echo).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, json.length);
			exchange.getResponseBody().write(json);
		}
	}

	/**
	 * One request as the upstream received it.
	 *
	 * @param method the HTTP method
	 * @param path the path
	 * @param headers the headers, names lower-case, repeated values joined with {@code ", "}
	 */
	public record Received(String method, String path, Map<String, String> headers) {

		/** A header's value, or {@code null}. */
		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}

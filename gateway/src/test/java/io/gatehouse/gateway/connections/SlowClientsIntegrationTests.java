package io.gatehouse.gateway.connections;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send slowly: headers a byte at a time (slowloris), a small body held back, a body
 * still pouring in after its answer. Each is cut at its deadline; a client that is merely slow
 * between requests or streams an upload at a steady pace is not.
 */
class SlowClientsIntegrationTests extends GatewayIntegrationTest {

	/** An upstream that reads the whole body before answering with its length. */
	private static final DisposableServer uploads = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.handle((request, response) -> request.receive()
			.aggregate()
			.asString()
			.defaultIfEmpty("")
			.flatMap((body) -> response.sendString(Mono.just("received " + body.length())).then()))
		.bindNow();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void deadlines(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.connections.request-header-timeout", () -> "1s");
		registry.add("gatehouse.gateway.connections.small-body-timeout", () -> "1s");
		String prefix = "spring.cloud.gateway.server.webflux.routes[5].";
		registry.add(prefix + "id", () -> "uploads");
		registry.add(prefix + "uri", () -> "http://127.0.0.1:" + uploads.port());
		registry.add(prefix + "predicates[0]", () -> "Path=/uploads/**");
		registry.add(prefix + "metadata.auth", () -> "public");
	}

	@AfterAll
	static void stopUploads() {
		uploads.disposeNow();
	}

	@Test
	void requestWhenHeadersArriveAByteAtATimeThen408AndClosedBeforeTheyComplete() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /public/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
			// Eight seconds of one header line every 200 ms, far past the 1 s deadline; never the blank line.
			int sent = dripUntilClosed(out, "X-Slow: a\r\n", 40, 200);

			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 408 ");
			assertThat(answer).contains("\"error\":\"invalid_request\"").contains("connection: close");
			assertThat(sent).as("header lines the gateway took before closing").isLessThan(40);
		}
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void requestWhenKeptAliveIdleLongerThanTheDeadlineThenNextRequestStillServed() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(get("/public/first"));
			assertThat(statusLine(in)).isEqualTo("HTTP/1.1 200 OK");
			skipResponse(in);
			// Idle between requests is the idle timeout's business (60 s), not the header deadline's.
			Thread.sleep(2_000);
			out.write(get("/public/second"));
			assertThat(statusLine(in)).isEqualTo("HTTP/1.1 200 OK");
		}
	}

	@Test
	void uploadWhenAppRouteBodyArrivesSlowlyPastEveryDeadlineThenStreamedToTheEnd() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /uploads/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
					+ "Content-Length: 12\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			// 12 bytes over 3.6 s: slower than both 1 s deadlines, but never pausing 60 s.
			assertThat(dripUntilClosed(out, "a", 12, 300)).isEqualTo(12);

			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("received 12");
		}
	}

	@Test
	void loginWhenBodyHeldBackPastSmallBodyTimeoutThen408AndTokenServiceNeverCalled() throws Exception {
		int before = tokenService.otherRequests().size();
		String body = "{\"username\":\"alice\",\"password\":\"correct horse battery\",\"client_id\":\"web\"}";
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10))
				.getBytes(StandardCharsets.US_ASCII));
			int sent = dripUntilClosed(out, "x", body.length() - 10, 200);

			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 408 ").contains("request body was not received within 1 s");
			assertThat(sent).isLessThan(body.length() - 10);
		}
		assertThat(tokenService.otherRequests()).hasSize(before);
	}

	@Test
	void requestWhenAnsweredBeforeItsBodyThenTheRestIsNotReadPastTheDeadline() throws Exception {
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
					+ "Content-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			assertThat(statusLine(socket.getInputStream())).isEqualTo("HTTP/1.1 401 Unauthorized");
			// A gigabyte announced; 8 KiB every 100 ms for at most 8 s. Netty alone drains it all.
			int sent = dripUntilClosed(out, "a".repeat(8192), 80, 100);

			assertThat(sent).as("chunks the gateway read after answering 401").isLessThan(80);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.port);
		socket.setSoTimeout(15_000);
		return socket;
	}

	private static byte[] get(String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/** Writes {@code piece} up to {@code times} times, {@code pauseMillis} apart; how many got out. */
	private static int dripUntilClosed(OutputStream out, String piece, int times, long pauseMillis)
			throws InterruptedException {
		byte[] bytes = piece.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < times; i++) {
			try {
				out.write(bytes);
				out.flush();
			}
			catch (IOException closed) {
				return i;
			}
			Thread.sleep(pauseMillis);
		}
		return times;
	}

	/** Everything until the server closes (or 15 s of silence). */
	private static String readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[4096];
		try {
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				all.write(buffer, 0, n);
			}
		}
		catch (SocketTimeoutException | java.net.SocketException ended) {
			// What arrived before the reset is the answer.
		}
		return all.toString(StandardCharsets.UTF_8);
	}

	private static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/** Reads the rest of a small response: headers, then the body by its Content-Length. */
	private static void skipResponse(InputStream in) throws IOException {
		int length = 0;
		for (String line = statusLine(in); !line.isEmpty(); line = statusLine(in)) {
			if (line.toLowerCase().startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		in.readNBytes(length);
	}

}

package io.gatehouse.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.TokenServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login limits with real parts: the real token service (its jar, as a process) behind the real
 * gateway, which trusts loopback as its proxy. A 300 MB streamed login body is cut off after a
 * bounded prefix; a stranger cannot lock the owner out; the client address the gateway resolved is
 * what the token service records; and app bodies still stream through unbuffered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class LoginLimitsEndToEndIntegrationTests {

	static final TokenServiceProcess tokenService = new TokenServiceProcess();

	static final AtomicLong uploaded = new AtomicLong();

	static final DisposableServer countingUpstream = HttpServer.create().host("127.0.0.1").port(0)
		.handle((request, response) -> request.receive()
			.doOnNext((buffer) -> uploaded.addAndGet(buffer.readableBytes()))
			.then(response.status(200).sendString(Mono.just("{\"ok\":true}")).then()))
		.bindNow();

	private static final long MB = 1024 * 1024;

	@Autowired
	WebTestClient http;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("spring.cloud.gateway.server.webflux.trusted-proxies", () -> "127\\.0\\.0\\.1");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "upload");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", () -> "http://127.0.0.1:" + countingUpstream.port());
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/upload/**");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].metadata.auth", () -> "public");
	}

	@AfterAll
	static void stop() {
		tokenService.close();
		countingUpstream.disposeNow();
	}

	@Test
	void loginWhen300MegabyteChunkedBodyThen413AfterABoundedPrefixHeapUnmovedAndNextLoginWorks() throws Exception {
		long heapBefore = usedHeapAfterGc();
		AtomicLong written = new AtomicLong();
		String status;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			Thread writer = new Thread(() -> writeChunked(out, "{\"username\":\"" + TokenServiceProcess.ADMIN
					+ "\",\"password\":\"", 300 * MB, written, null));
			writer.start();
			status = statusLine(socket.getInputStream());
			writer.join(60_000);
		}

		assertThat(status).startsWith("HTTP/1.1 413 ");
		assertThat(written.get()).as("bytes the gateway let in before closing").isLessThan(32 * MB);
		assertThat(usedHeapAfterGc() - heapBefore).as("heap growth").isLessThan(64 * MB);
		login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD, "192.0.2.10").expectStatus().isOk();
	}

	@Test
	void tokenWhen300MegabyteChunkedFormThen413FromTokenServiceAfterABoundedPrefix() throws Exception {
		AtomicLong written = new AtomicLong();
		String status;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			Thread writer = new Thread(() -> writeChunked(out, "grant_type=refresh_token&refresh_token=", 300 * MB,
					written, null));
			writer.start();
			status = statusLine(socket.getInputStream());
			writer.join(60_000);
		}

		assertThat(status).startsWith("HTTP/1.1 413 ");
		assertThat(written.get()).as("bytes let in before the connection closed").isLessThan(32 * MB);
	}

	@Test
	void loginWhenContentLengthOverLimitThen413BeforeAnyBodyIsSent() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nContent-Length: 300000000\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));

			assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 413 ");
		}
	}

	@Test
	void loginWhenStrangerGuessesFromAnotherNetworkThenOwnerStillLogsInFromTheirs() {
		for (int i = 0; i < 5; i++) {
			login(TokenServiceProcess.ADMIN, "wrong-guess-" + i, "198.51.100.7").expectStatus().isUnauthorized();
		}
		login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD, "198.51.100.7").expectStatus()
			.isEqualTo(429);

		login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD, "203.0.113.77").expectStatus().isOk();
	}

	@Test
	void loginWhenBehindTrustedProxyThenTokenServiceRecordsTheClientAddress() {
		JsonNode login = login(TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD,
				"198.51.100.200, 203.0.113.50")
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();

		JsonNode sessions = this.http.get().uri("/auth/sessions")
			.header("X-Forwarded-For", "203.0.113.51")
			.headers((h) -> h.setBearerAuth(login.get("access_token").asString()))
			.exchange()
			.expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		String sessionId = login.get("session_id").asString();
		JsonNode mine = null;
		for (JsonNode session : sessions) {
			if (session.get("id").asString().equals(sessionId)) {
				mine = session;
			}
		}
		assertThat(mine).isNotNull();
		assertThat(mine.get("ip_address").asString()).isEqualTo("203.0.113.50");
	}

	@Test
	void uploadWhenAppRouteThenBodyStreamsThroughWhileTheClientIsStillSending() throws Exception {
		uploaded.set(0);
		AtomicLong written = new AtomicLong();
		String status;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /upload/file HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
					+ "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			// Halfway, the upstream must already have bytes: a gateway that buffered would have sent none.
			writeChunked(out, "", 64 * MB, written, () -> awaitUploaded(1, Duration.ofSeconds(20)));
			status = statusLine(socket.getInputStream());
		}

		assertThat(status).isEqualTo("HTTP/1.1 200 OK");
		assertThat(uploaded.get()).isEqualTo(64 * MB);
	}

	private WebTestClient.ResponseSpec login(String username, String password, String forwardedFor) {
		return this.http.post().uri("/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", "web"))
			.exchange();
	}

	/**
	 * Writes {@code prefix} then filler as 64 KiB chunks, generated as it goes, up to {@code total}
	 * bytes, then the last chunk; stops quietly when the server closes the connection.
	 * {@code halfway} runs once half is written.
	 */
	private static void writeChunked(OutputStream out, String prefix, long total, AtomicLong written,
			Runnable halfway) {
		byte[] filler = new byte[64 * 1024];
		Arrays.fill(filler, (byte) 'a');
		byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(head, 0, filler, 0, head.length);
		byte[] header = (Integer.toHexString(filler.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
		try {
			boolean first = true;
			while (written.get() < total) {
				out.write(header);
				out.write(filler);
				out.write(crlf);
				if (first) {
					Arrays.fill(filler, 0, head.length, (byte) 'a');
					first = false;
				}
				if (written.addAndGet(filler.length) == total / 2 && halfway != null) {
					halfway.run();
				}
			}
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		catch (IOException closedByServer) {
			// The point of the login test: the gateway stopped reading and closed.
		}
	}

	private static void awaitUploaded(long atLeast, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (uploaded.get() < atLeast && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		assertThat(uploaded.get()).as("bytes at the upstream while the client is still sending").isGreaterThanOrEqualTo(atLeast);
	}

	private static String statusLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int i = 0; i < 200; i++) {
			int b = in.read();
			if (b < 0 || b == '\n') {
				break;
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}

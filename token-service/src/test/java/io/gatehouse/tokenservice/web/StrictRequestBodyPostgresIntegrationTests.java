package io.gatehouse.tokenservice.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one strict reading of JSON bodies (UTF-8 only, no duplicate names, no coerced scalars) and the
 * bound on every body: each bypass the gateway's per-username limit once missed is refused here with
 * 400 {@code invalid_request} even with the right password, and an oversized body is 413.
 */
class StrictRequestBodyPostgresIntegrationTests extends TokenServiceIntegrationTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("strictbody").forEach((key, value) -> registry.add(key, () -> value));
	}

	@Test
	void loginWhenPlainUtf8ThenOk() {
		String user = createUser("plain");
		login(json(user), MediaType.APPLICATION_JSON).expectStatus().isOk();
		login(json(user), MediaType.parseMediaType("application/json;charset=UTF-8")).expectStatus().isOk();
	}

	@Test
	void loginWhenBodyIsUtf16OrUtf32ThenInvalidRequestEvenWithRightPassword() {
		String user = createUser("utf16");
		for (String charset : new String[] { "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-16" }) {
			byte[] body = json(user).getBytes(Charset.forName(charset));
			expectInvalidRequest(login(body, MediaType.APPLICATION_JSON), charset + " body");
			expectInvalidRequest(login(body, MediaType.parseMediaType("application/json; charset=" + charset)),
					charset + " body and charset");
		}
	}

	@Test
	void loginWhenCharsetParameterIsNotUtf8ThenInvalidRequest() {
		String user = createUser("charset");
		expectInvalidRequest(login(json(user), MediaType.parseMediaType("application/json; charset=utf-16")), "utf-16");
		expectInvalidRequest(login(json(user), MediaType.parseMediaType("application/json; charset=ISO-8859-1")),
				"latin-1");
	}

	@Test
	void loginWhenBodyStartsWithByteOrderMarkThenInvalidRequest() {
		String user = createUser("bom");
		byte[] plain = json(user).getBytes(StandardCharsets.UTF_8);
		byte[] withBom = new byte[plain.length + 3];
		withBom[0] = (byte) 0xEF;
		withBom[1] = (byte) 0xBB;
		withBom[2] = (byte) 0xBF;
		System.arraycopy(plain, 0, withBom, 3, plain.length);
		expectInvalidRequest(login(withBom, MediaType.APPLICATION_JSON), "BOM");
	}

	@Test
	void loginWhenBodyIsNotValidUtf8ThenInvalidRequest() {
		String user = createUser("badutf8");
		byte[] body = ("{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"web\",\"x\":\"\u00e9\"}")
			.getBytes(StandardCharsets.ISO_8859_1);
		expectInvalidRequest(login(body, MediaType.APPLICATION_JSON), "latin-1 bytes");
	}

	@Test
	void loginWhenUsernameIsANumberThenInvalidRequestEvenIfSuchAUserExists() {
		String digits = "1555" + (System.nanoTime() % 10_000_000L);
		this.http.post().uri("/admin/users").headers((h) -> h.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"" + digits + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[]}")
			.exchange().expectStatus().isCreated();

		expectInvalidRequest(login("{\"username\":" + digits + ",\"password\":\"" + PASSWORD + "\",\"client_id\":\"web\"}",
				MediaType.APPLICATION_JSON), "number");
		expectInvalidRequest(login("{\"username\":\"" + digits + "\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"web\",\"x\":1}{}",
				MediaType.APPLICATION_JSON), "trailing value");
	}

	@Test
	void loginWhenUsernameIsRepeatedThenInvalidRequest() {
		String user = createUser("dup");
		expectInvalidRequest(login("{\"username\":\"someone-else\",\"username\":\"" + user + "\",\"password\":\"" + PASSWORD
				+ "\",\"client_id\":\"web\"}", MediaType.APPLICATION_JSON), "duplicate");
		expectInvalidRequest(login("{\"username\":\"someone-else\",\"user\\u006eame\":\"" + user + "\",\"password\":\""
				+ PASSWORD + "\",\"client_id\":\"web\"}", MediaType.APPLICATION_JSON), "escaped duplicate");
	}

	@Test
	void loginWhenContentTypeIsNotJsonThenInvalidRequest() {
		String user = createUser("ctype");
		expectInvalidRequest(login(json(user), MediaType.TEXT_PLAIN), "text/plain");
		expectInvalidRequest(login(json(user), MediaType.parseMediaType("application/vnd.login+json")), "+json");
		expectInvalidRequest(login("username=" + user + "&password=" + PASSWORD + "&client_id=web",
				MediaType.APPLICATION_FORM_URLENCODED), "form");
		expectInvalidRequest(this.http.post().uri("/auth/login").bodyValue(json(user).getBytes(StandardCharsets.UTF_8))
			.exchange(), "no content type");
	}

	@Test
	void requestWhenJsonOrFormBodyOverLimitThen413InvalidRequest() {
		String big = "x".repeat(40_000);
		expectTooLarge(login("{\"username\":\"" + big + "\"}", MediaType.APPLICATION_JSON));
		for (String endpoint : new String[] { "/oauth2/token", "/oauth2/revoke", "/oauth2/introspect" }) {
			expectTooLarge(this.http.post().uri(endpoint)
				.headers((h) -> h.setBasicAuth("service", SERVICE_SECRET))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue("grant_type=refresh_token&client_id=web&token=" + big + "&refresh_token=" + big)
				.exchange());
		}
		login(json(createUser("after")), MediaType.APPLICATION_JSON).expectStatus().isOk();
	}

	@Test
	void tokenWhen300MegabyteChunkedFormThen413AndConnectionClosedAfterABoundedPrefix() throws Exception {
		long written = 0;
		String status;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			Arrays.fill(chunk, (byte) 'a');
			byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			try {
				while (written < 300L * 1024 * 1024) {
					out.write(header);
					out.write(chunk);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					written += chunk.length;
				}
			}
			catch (IOException closedByServer) {
				// expected: the service stopped reading and closed
			}
			byte[] head = socket.getInputStream().readNBytes(12);
			status = new String(head, StandardCharsets.US_ASCII);
		}

		assertThat(status).isEqualTo("HTTP/1.1 413");
		assertThat(written).as("bytes let in before the connection closed").isLessThan(32L * 1024 * 1024);
	}

	private static String json(String user) {
		return "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\",\"client_id\":\"web\"}";
	}

	private WebTestClient.ResponseSpec login(String body, MediaType type) {
		return login(body.getBytes(StandardCharsets.UTF_8), type);
	}

	private WebTestClient.ResponseSpec login(byte[] body, MediaType type) {
		return this.http.post().uri("/auth/login").contentType(type).bodyValue(body).exchange();
	}

	private static void expectInvalidRequest(WebTestClient.ResponseSpec response, String what) {
		String body = response.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).as(what).contains("\"error\":\"invalid_request\"").contains("error_description")
			.doesNotContain("Exception");
	}

	private static void expectTooLarge(WebTestClient.ResponseSpec response) {
		response.expectStatus().isEqualTo(413)
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").isEqualTo("request body too large");
	}

}

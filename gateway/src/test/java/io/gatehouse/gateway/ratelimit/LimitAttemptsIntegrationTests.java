package io.gatehouse.gateway.ratelimit;

import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute-force limits on the built-in login route, the test client standing behind a trusted proxy
 * (loopback) so that {@code X-Forwarded-For} places it on any network: 6 attempts per network, 3 per
 * username and network, 8 per username from everywhere, then 429; and the one strict reading of the
 * body, refused with 400 or 413 before the token service is called.
 */
class LimitAttemptsIntegrationTests extends GatewayIntegrationTest {

	private static final AtomicInteger networks = new AtomicInteger();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void limits(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.gateway.server.webflux.trusted-proxies", () -> "127\\.0\\.0\\.1");
		registry.add("gatehouse.gateway.login-limits.per-network", () -> "6");
		registry.add("gatehouse.gateway.login-limits.per-username-and-network", () -> "3");
		registry.add("gatehouse.gateway.login-limits.per-username", () -> "8");
		forwardingRoute(registry);
	}

	/** A route to the recording upstream that forwards the client address, as the token service's routes do. */
	static void forwardingRoute(DynamicPropertyRegistry registry) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[5].";
		registry.add(prefix + "id", () -> "forwarding");
		registry.add(prefix + "uri", upstream::url);
		registry.add(prefix + "predicates[0]", () -> "Path=/forwarding/**");
		registry.add(prefix + "metadata.auth", () -> "public");
		registry.add(prefix + "metadata.forward-client-address", () -> "true");
	}

	@Test
	void requestWhenBehindTrustedProxyThenUpstreamGetsOnlyTheResolvedClientAddress() {
		this.http.get().uri("/forwarding/x")
			.header("X-Forwarded-For", "198.51.100.1, 203.0.113.250")
			.header("Forwarded", "for=198.51.100.1")
			.header("X-Forwarded-Host", "evil.example")
			.exchange().expectStatus().isOk();

		var headers = upstream.received().get(0).headers();
		assertThat(headers.getAll("X-Forwarded-For")).containsExactly("203.0.113.250");
		assertThat(headers.contains("Forwarded")).isFalse();
		assertThat(headers.contains("X-Forwarded-Host")).isFalse();
	}

	@Test
	void loginWhenOverPerUsernameLimitFromOneNetworkThen429WithRetryAfterAndTokenServiceSpared() {
		String network = freshNetwork();
		int before = tokenService.otherRequests().size();
		for (int i = 0; i < 3; i++) {
			login("victim", network).expectStatus().isUnauthorized();
		}

		login("victim", network).expectStatus()
			.isEqualTo(429)
			.expectHeader().valueEquals("Retry-After", "900")
			.expectBody()
			.jsonPath("$.error").isEqualTo("too_many_requests");

		assertThat(tokenService.otherRequests().size() - before).isEqualTo(3);
		login("someone-else", network).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenStrangerExhaustsLimitFromAnotherNetworkThenOwnersAttemptStillReachesTokenService() {
		String stranger = freshNetwork();
		for (int i = 0; i < 3; i++) {
			login("owner-1", stranger).expectStatus().isUnauthorized();
		}
		login("owner-1", stranger).expectStatus().isEqualTo(429);

		login("owner-1", freshNetwork()).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenDistributedAttackThenPerUsernameCeilingLimitsEveryNetwork() {
		login("target", freshNetwork()).expectStatus().isUnauthorized();
		login("target", freshNetwork()).expectStatus().isUnauthorized();
		for (int network = 0; network < 2; network++) {
			String from = freshNetwork();
			for (int i = 0; i < 3; i++) {
				login("target", from).expectStatus().isUnauthorized();
			}
		}

		login("target", freshNetwork()).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
		login("target", "2001:db8:ffff:1::1").expectStatus().isEqualTo(429);
		login("not-the-target", freshNetwork()).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenIpv6AddressesRotateWithinASlash64ThenTheyShareOneBucket() {
		for (int i = 1; i <= 6; i++) {
			login("rotating-" + i, "2001:db8:77:1::" + Integer.toHexString(i)).expectStatus().isUnauthorized();
		}

		login("rotating-7", "2001:db8:77:1:ffff:ffff:ffff:fffe").expectStatus().isEqualTo(429);
		login("rotating-8", "[2001:db8:77:1:abcd::1]").expectStatus().isEqualTo(429);
		login("rotating-9", "2001:db8:77:2::1").expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenStrangerSpreadsGuessesOverTheSlash64sOfOneSlash48ThenOneUsernameBucketAndTheOwnerStillLogsIn() {
		// Per /64 a stranger with one /48 would get 3 guesses from each of 65,536 networks and exhaust the
		// owner's per-username ceiling of 8 at once; per /48 all of them share one username+network bucket.
		for (int i = 0; i < 3; i++) {
			login("owner-48", "2001:db8:4848:" + Integer.toHexString(i + 1) + "::1").expectStatus().isUnauthorized();
		}
		for (int i = 3; i < 8; i++) {
			login("owner-48", "2001:db8:4848:" + Integer.toHexString(i + 1) + "::1").expectStatus().isEqualTo(429);
		}

		login("owner-48", freshNetwork()).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenForwardedForHasForgedLeftEntriesThenTheAddressTheProxySawIsTheNetwork() {
		String network = freshNetwork();
		for (int i = 0; i < 3; i++) {
			login("forged", "198.18." + i + ".1, " + network).expectStatus().isUnauthorized();
		}
		login("forged", "198.18.9.9, " + network).expectStatus().isEqualTo(429);
	}

	@Test
	void loginWhenBodyIsNotTheStrictReadingThen400AndTokenServiceNeverCalled() {
		String user = "strict-" + networks.incrementAndGet();
		String plain = "{\"username\":\"" + user + "\",\"password\":\"guess\",\"client_id\":\"web\"}";
		int before = tokenService.otherRequests().size();

		for (String charset : new String[] { "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE" }) {
			expectInvalidRequest(raw(plain.getBytes(Charset.forName(charset)), "application/json"), charset);
		}
		expectInvalidRequest(raw(plain.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-16"), "charset");
		expectInvalidRequest(raw(("\uFEFF" + plain).getBytes(StandardCharsets.UTF_8), "application/json"), "BOM");
		expectInvalidRequest(raw(utf8("{\"username\":15551234567,\"password\":\"guess\",\"client_id\":\"web\"}"),
				"application/json"), "number");
		expectInvalidRequest(raw(utf8("{\"username\":\"decoy\",\"username\":\"" + user + "\",\"password\":\"g\"}"),
				"application/json"), "duplicate");
		expectInvalidRequest(raw(utf8(plain), "text/plain"), "text/plain");
		expectInvalidRequest(raw(utf8(plain), "application/vnd.x+json"), "+json");
		expectInvalidRequest(raw(utf8("username=" + user + "&password=guess&client_id=web"),
				"application/x-www-form-urlencoded"), "form");
		expectInvalidRequest(raw(utf8(plain), null), "no content type");

		assertThat(tokenService.otherRequests().size() - before).as("token service calls").isZero();
	}

	@Test
	void loginWhenPlainFormIsLimitedThenNoOtherSpellingGetsThrough() {
		String network = freshNetwork();
		String user = "spelled-" + networks.incrementAndGet();
		for (int i = 0; i < 3; i++) {
			login(user, network).expectStatus().isUnauthorized();
		}
		int before = tokenService.otherRequests().size();

		login(user, network).expectStatus().isEqualTo(429);
		this.http.post().uri("/auth/login").header("X-Forwarded-For", network)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(utf8("{\"username\":\"" + user.replace("s", "\\u0073") + "\",\"password\":\"g\",\"client_id\":\"web\"}"))
			.exchange().expectStatus().isEqualTo(429);
		this.http.post().uri("/auth/login").header("X-Forwarded-For", network)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(("{\"username\":\"" + user + "\",\"password\":\"g\",\"client_id\":\"web\"}")
				.getBytes(StandardCharsets.UTF_16LE))
			.exchange().expectStatus().isBadRequest();

		assertThat(tokenService.otherRequests().size() - before).isZero();
	}

	/** The token service logs all of these spellings in as one user: they must not get 3 attempts each. */
	@Test
	void loginWhenUsernameSpelledInOtherCasesOrWidthsThenTheyShareOneBucket() {
		String network = freshNetwork();
		String user = "casefold" + networks.incrementAndGet();
		login(user, network).expectStatus().isUnauthorized();
		login(user.toUpperCase(java.util.Locale.ROOT), network).expectStatus().isUnauthorized();
		login(fullwidth(user), network).expectStatus().isUnauthorized();
		int before = tokenService.otherRequests().size();

		login("Casefold" + user.substring("casefold".length()), network).expectStatus().isEqualTo(429);
		login(fullwidth(user.toUpperCase(java.util.Locale.ROOT)), network).expectStatus().isEqualTo(429);

		assertThat(tokenService.otherRequests().size() - before).isZero();
		login("other" + user, network).expectStatus().isUnauthorized();
	}

	@Test
	void loginWhenContentLengthOverLimitThen413WithoutCallingTokenService() {
		int before = tokenService.otherRequests().size();

		this.http.post().uri("/auth/login").header("X-Forwarded-For", freshNetwork())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(utf8("{\"username\":\"" + "x".repeat(20_000) + "\"}"))
			.exchange()
			.expectStatus().isEqualTo(413)
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").isEqualTo("request body is larger than 16384 bytes");

		assertThat(tokenService.otherRequests().size() - before).isZero();
	}

	@Test
	void loginWhenChunkedBodyRunsOverLimitThen413WithoutCallingTokenService() throws Exception {
		int before = tokenService.otherRequests().size();
		String status;
		// Raw HTTP: 17 chunks of 1 KiB, small enough to sit in the socket buffers whole, so the client
		// has finished writing when the gateway answers and closes.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder("POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nX-Forwarded-For: " + freshNetwork()
					+ "\r\nTransfer-Encoding: chunked\r\n\r\n");
			String chunk = "{\"username\":\"chunked\",\"x\":\"" + "a".repeat(1024);
			for (int i = 0; i < 17; i++) {
				String data = chunk.substring(0, 1024);
				request.append(Integer.toHexString(data.length())).append("\r\n").append(data).append("\r\n");
				chunk = "a".repeat(1024);
			}
			request.append("0\r\n\r\n");
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
			status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
		}

		assertThat(status).isEqualTo("HTTP/1.1 413");
		assertThat(tokenService.otherRequests().size() - before).isZero();
	}

	private static String freshNetwork() {
		int n = networks.incrementAndGet();
		return "203.0." + (n / 250) + "." + (n % 250 + 1);
	}

	/** {@code text} with every printable ASCII character as its fullwidth form (U+FF01..U+FF5E). */
	private static String fullwidth(String text) {
		StringBuilder out = new StringBuilder();
		text.chars().forEach((c) -> out.append((c > 0x20 && c < 0x7F) ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return out.toString();
	}

	@Test
	void loginFormWhenOverPerUsernameLimitThen429AndItSharesTheCountsOfAuthLogin() {
		String network = freshNetwork();
		int before = tokenService.otherRequests().size();
		login("form-victim", network).expectStatus().isUnauthorized();
		loginForm("username=form-victim&password=guess&request=r", network).expectStatus().isUnauthorized();
		loginForm("request=r&password=guess2&username=form-victim", network).expectStatus().isUnauthorized();

		loginForm("username=form-victim&password=guess3", network).expectStatus()
			.isEqualTo(429)
			.expectHeader().exists("Retry-After");
		login("form-victim", network).expectStatus().isEqualTo(429);

		assertThat(tokenService.otherRequests().subList(before, tokenService.otherRequests().size()))
			.containsExactly("POST /auth/login", "POST /signin", "POST /signin");
	}

	@Test
	void loginFormWhenUsernameRepeatedOrNotAFormThen400AndTokenServiceNeverCalled() {
		int before = tokenService.otherRequests().size();
		expectInvalidRequest(loginForm("username=a&username=b&password=x", freshNetwork()), "repeated");
		expectInvalidRequest(loginForm("password=x", freshNetwork()), "no username");
		expectInvalidRequest(this.http.post().uri("/signin").header("X-Forwarded-For", freshNetwork())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", "a", "password", "b"))
			.exchange(), "json");
		assertThat(tokenService.otherRequests()).hasSize(before);
	}

	private WebTestClient.ResponseSpec loginForm(String body, String forwardedFor) {
		return this.http.post()
			.uri("/signin")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(body)
			.exchange();
	}

	private WebTestClient.ResponseSpec login(String username, String forwardedFor) {
		return this.http.post()
			.uri("/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "guess", "client_id", "web"))
			.exchange();
	}

	private WebTestClient.ResponseSpec raw(byte[] body, String contentType) {
		return this.http.post().uri("/auth/login").headers((headers) -> {
			headers.set("X-Forwarded-For", freshNetwork());
			if (contentType != null) {
				headers.set("Content-Type", contentType);
			}
		}).bodyValue(body).exchange();
	}

	private static void expectInvalidRequest(WebTestClient.ResponseSpec response, String what) {
		String body = response.expectStatus().isBadRequest().expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).as(what).contains("\"error\":\"invalid_request\"").contains("\"error_description\"");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

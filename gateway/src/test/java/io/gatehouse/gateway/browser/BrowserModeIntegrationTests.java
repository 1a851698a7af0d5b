package io.gatehouse.gateway.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import io.gatehouse.gateway.support.Eventually;
import io.gatehouse.gateway.support.MutableClock;
import io.gatehouse.gateway.support.RecordingUpstream;
import io.gatehouse.gateway.support.TokenServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser mode through the real gateway and the real token service: sign-in by code and PKCE as the
 * confidential client, the session cookie's attributes, cookie sessions on a protected route (identity
 * headers, the access token as bearer upstream, the gateway's cookies never forwarded), the cross-site
 * check, the refresh at the edge shared by parallel requests, logout, and the reason of an ended
 * session. The gateway's clock is moved to make an access token due for refresh.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@Import(MutableClock.Configuration.class)
class BrowserModeIntegrationTests {

	static final int GATEWAY_PORT = freePort();

	static final String ORIGIN = "http://localhost:" + GATEWAY_PORT;

	/** The development {@code gateway} client's secret and hash, reused for this test's {@code gateway-browser}. */
	static final String SECRET = "gatehouse-dev-gateway-secret";

	static final String SECRET_HASH = "{bcrypt}$2a$10$LOSxsckM/Apa/HCDMLX/5Oed28FKNwgKGk4aB4p4HAJvGaBH9ehhq";

	static final RecordingUpstream upstream = new RecordingUpstream();

	static final TokenServiceProcess tokenService = new TokenServiceProcess(null,
			List.of("--gatehouse.issuer=" + ORIGIN, "--gatehouse.clients.gateway-browser.type=confidential",
					"--gatehouse.clients.gateway-browser.secret-hash=" + SECRET_HASH,
					"--gatehouse.clients.gateway-browser.display-name=Browser mode",
					"--gatehouse.clients.gateway-browser.redirect-uris[0]=" + ORIGIN + "/login/callback",
					"--gatehouse.clients.gateway-browser.scopes=api"));

	@Autowired
	WebTestClient http;

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> GATEWAY_PORT);
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("gatehouse.gateway.issuer", () -> ORIGIN);
		registry.add("gatehouse.gateway.jwks-uri", () -> tokenService.url() + "/oauth2/jwks");
		registry.add("gatehouse.gateway.browser.public-origin", () -> ORIGIN);
		registry.add("gatehouse.gateway.browser.client-secret", () -> SECRET);
		// Every test signs the same admin in from loopback: more than the 5 per 15 minutes a user gets by default.
		registry.add("gatehouse.gateway.login-limits.per-username-and-network", () -> 100);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].id", () -> "app");
		registry.add("spring.cloud.gateway.server.webflux.routes[0].uri", upstream::url);
		registry.add("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", () -> "Path=/app/**");
	}

	@AfterAll
	static void stop() {
		tokenService.close();
		upstream.close();
	}

	@BeforeEach
	void realTime() {
		this.clock.advance(Duration.between(this.clock.instant(), Instant.now()));
		upstream.clear();
	}

	@Test
	void pageLoadWithoutSessionThenRedirectedToSignInAndApiCallThen401() {
		this.http.get().uri("/app/page?tab=2&x=y").header("Sec-Fetch-Mode", "navigate").exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/login?return_to=%2Fapp%2Fpage%3Ftab%3D2%26x%3Dy");
		this.http.get().uri("/app/page").header("Sec-Fetch-Mode", "cors").exchange()
			.expectStatus().isUnauthorized();
		this.http.get().uri("/app/page").header(HttpHeaders.ACCEPT, "application/json").exchange()
			.expectStatus().isUnauthorized();
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void loginWhenReturnToIsAnotherSiteThenRefused() {
		for (String target : List.of("//evil.example/", "/\\evil.example", "https://evil.example/", "/\t/evil.example",
				"app")) {
			this.http.get().uri((builder) -> builder.path("/login").queryParam("return_to", "{to}").build(target))
				.exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectHeader().doesNotExist(HttpHeaders.LOCATION);
		}
	}

	@Test
	void signInThenCookieSessionReachesAppWithIdentityAndWithoutGatewayCookies() {
		ResponseCookie session = signIn("/app/home");
		assertThat(session.getName()).isEqualTo("__Host-gatehouse-session");
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.isSecure()).isTrue();
		assertThat(session.getPath()).isEqualTo("/");
		assertThat(session.getDomain()).isNull();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		// The client's idle timeout (12 h by default) is the session's remaining lifetime just after sign-in.
		assertThat(session.getMaxAge()).isBetween(Duration.ofHours(12).minusSeconds(10), Duration.ofHours(12));
		assertThat(session.getValue().length()).isLessThan(4096);

		this.http.get().uri("/app/home")
			.cookie(session.getName(), session.getValue())
			.cookie("theme", "dark")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.VARY, "Origin", "Sec-Fetch-Site", "Cookie");
		RecordingUpstream.Received received = upstream.received().get(0);
		assertThat(received.headers().get("X-Auth-Subject")).isNotBlank();
		assertThat(received.headers().get("X-Auth-Client")).isEqualTo("gateway-browser");
		assertThat(received.headers().get(HttpHeaders.AUTHORIZATION))
			.isEqualTo("Bearer " + session.getValue().substring(session.getValue().indexOf('.') + 1));
		assertThat(received.headers().getAll(HttpHeaders.COOKIE)).containsExactly("theme=dark");
	}

	@Test
	void cookieSessionAnswerThenPrivateToTheBrowserUnlessTheAppSaysItMayBeShared() {
		ResponseCookie session = signIn("/app/");
		this.http.get().uri("/app/account").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private");
		this.http.get().uri("/app/account").cookie(session.getName(), session.getValue())
			.header(RecordingUpstream.ANSWER_CACHE_CONTROL, "max-age=600").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=600, private");
		this.http.get().uri("/app/logo.svg").cookie(session.getName(), session.getValue())
			.header(RecordingUpstream.ANSWER_CACHE_CONTROL, "public, max-age=86400").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=86400");
		// A bearer request is left to the rules caches already apply to Authorization.
		String accessToken = session.getValue().substring(session.getValue().indexOf('.') + 1);
		this.http.get().uri("/app/account").headers((headers) -> headers.setBearerAuth(accessToken)).exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist(HttpHeaders.CACHE_CONTROL);
	}

	@Test
	void userWithLongestNameAndMostRolesThenSessionCookieStillFitsAndWorks() {
		String admin = this.http.post().uri(tokenService.url() + "/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", TokenServiceProcess.ADMIN, "password", TokenServiceProcess.ADMIN_PASSWORD,
					"client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("access_token").toString();
		// The token service's limits: usernames of 100 characters, 20 roles of 40 characters.
		String username = "u".repeat(60) + System.nanoTime() % 1_000_000_000_000L;
		username = username + "x".repeat(100 - username.length());
		List<String> roles = IntStream.range(0, 20).mapToObj((i) -> "r" + "o".repeat(37) + String.format("%02d", i)).toList();
		String password = "Vq8#mT2!pLz9@wR4-longest";
		this.http.post().uri(tokenService.url() + "/admin/users")
			.headers((headers) -> headers.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "roles", roles))
			.exchange()
			.expectStatus().isCreated();

		ResponseCookie session = signIn("/app/", username, password);
		assertThat(session.getValue().length()).isLessThanOrEqualTo(SessionCookie.MAX_LENGTH);
		this.http.get().uri("/app/").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk();
		assertThat(upstream.received().get(0).headers().get("X-Auth-Roles")).contains(roles.get(19));
	}

	@Test
	void unsafeRequestWithCookieFromAnotherSiteThen403AndAppNotReached() {
		ResponseCookie session = signIn("/app/");
		this.http.post().uri("/app/transfer").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "cross-site").header(HttpHeaders.ORIGIN, "http://evil.example")
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("csrf_refused");
		this.http.post().uri("/app/transfer").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isForbidden();
		this.http.post().uri("/app/transfer").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-site").exchange()
			.expectStatus().isForbidden();
		assertThat(upstream.received()).isEmpty();
		// A cross-site page cannot sign anyone out either: 403 in the gateway's JSON, the cookie untouched.
		this.http.post().uri("/logout").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "cross-site").header(HttpHeaders.ORIGIN, "http://evil.example")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody().jsonPath("$.error").isEqualTo("csrf_refused");

		this.http.post().uri("/app/transfer").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-origin").exchange()
			.expectStatus().isOk();
		this.http.post().uri("/app/transfer").cookie(session.getName(), session.getValue())
			.header(HttpHeaders.ORIGIN, ORIGIN).exchange()
			.expectStatus().isOk();
		assertThat(upstream.received()).hasSize(2);
	}

	@Test
	void accessTokenDueThenTwentyParallelRequestsShareOneRefreshAndAllSucceed() {
		ResponseCookie session = signIn("/app/");
		double before = rotated();
		// 15 s before the access token's exp: within the 30 s lead time, so the next request refreshes first.
		this.clock.advance(Duration.ofMinutes(14).plusSeconds(45));
		List<ResponseCookie> renewed = new CopyOnWriteArrayList<>();
		List<Integer> statuses = Flux.fromStream(IntStream.range(0, 20).boxed())
			.parallel(20)
			.runOn(Schedulers.boundedElastic())
			.map((i) -> {
				EntityExchangeResult<byte[]> result = this.http.get().uri("/app/parallel/" + i)
					.cookie(session.getName(), session.getValue())
					.exchange()
					.expectBody().returnResult();
				ResponseCookie cookie = result.getResponseCookies().getFirst(session.getName());
				if (cookie != null) {
					renewed.add(cookie);
				}
				return result.getStatus().value();
			})
			.sequential()
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses).hasSize(20).containsOnly(200);
		assertThat(rotated() - before).isEqualTo(1.0);
		assertThat(renewed).hasSize(20);
		assertThat(renewed.stream().map(ResponseCookie::getValue).distinct()).hasSize(1);
		assertThat(renewed.get(0).getValue()).isNotEqualTo(session.getValue());
		this.clock.advance(Duration.between(this.clock.instant(), Instant.now()));

		ResponseCookie next = renewed.get(0);
		this.http.get().uri("/app/after").cookie(next.getName(), next.getValue()).exchange().expectStatus().isOk()
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
	}

	@Test
	void logoutThenCookieClearedAndOldCookieGets401NamingTheReason() {
		ResponseCookie session = signIn("/app/");
		double signOuts = signOuts("revoked_logout");
		EntityExchangeResult<byte[]> logout = this.http.post().uri("/logout")
			.cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-origin")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Clear-Site-Data", "\"cookies\"")
			.expectBody().jsonPath("$.signed_out").isEqualTo(true)
			.returnResult();
		ResponseCookie cleared = logout.getResponseCookies().getFirst(session.getName());
		assertThat(cleared.getMaxAge()).isZero();
		assertThat(cleared.isSecure()).isTrue();
		assertThat(cleared.isHttpOnly()).isTrue();
		assertThat(cleared.getPath()).isEqualTo("/");
		assertThat(cleared.getSameSite()).isEqualTo("Lax");
		assertThat(signOuts("revoked_logout")).isEqualTo(signOuts + 1);

		// The revocation feed tells this gateway within about a second; the reason comes from the token service.
		Eventually.within(Duration.ofSeconds(10), () -> this.http.get().uri("/app/")
			.cookie(session.getName(), session.getValue())
			.exchange()
			.returnResult(byte[].class)
			.getStatus()
			.value() == 401);
		this.http.get().uri("/app/").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("Gatehouse-Session-Ended", "revoked_logout")
			.expectBody().jsonPath("$.error").isEqualTo("session_ended").jsonPath("$.reason").isEqualTo("revoked_logout");
		// The replayed cookie's refusal is the same sign-out: counted once, when the logout met it.
		assertThat(signOuts("revoked_logout")).isEqualTo(signOuts + 1);
		this.http.post().uri("/logout").cookie(session.getName(), session.getValue()).header("Sec-Fetch-Site", "same-origin")
			.exchange().expectStatus().isOk();
		assertThat(signOuts("revoked_logout")).isEqualTo(signOuts + 1);
		this.http.get().uri("/logout").exchange().expectStatus().isEqualTo(405);
	}

	@Test
	void accountPasswordWhenChangedThenCookieRenewedFromTheNewSessionAndTheOldOneEnded() {
		String username = "pw-" + System.nanoTime() % 1_000_000_000L;
		String password = "Sign-in-" + UUID.randomUUID();
		createUser(username, password);
		ResponseCookie session = signIn("/app/", username, password);
		ResponseCookie other = signIn("/app/", username, password);

		// Refused from another origin like any unsafe request with the cookie: the password stays as it is.
		this.http.post().uri("/account/password").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "cross-site").header(HttpHeaders.ORIGIN, "http://evil.example")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("current_password", password).with("new_password", "Never-set-" + UUID.randomUUID()))
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("csrf_refused");
		this.http.post().uri("/account/password").cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-origin")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("current_password", "wrong").with("new_password", "Never-set-" + UUID.randomUUID()))
			.exchange()
			.expectStatus().isSeeOther()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/account/?error=invalid_current_password")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);

		EntityExchangeResult<byte[]> changed = this.http.post().uri("/account/password")
			.cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-origin")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("current_password", password).with("new_password", "Second-" + UUID.randomUUID()))
			.exchange()
			.expectStatus().isSeeOther()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, "/account/?done=password_changed")
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody().returnResult();
		assertThat(new String(changed.getResponseBodyContent() == null ? new byte[0] : changed.getResponseBodyContent()))
			.doesNotContain("eyJ");
		ResponseCookie renewed = changed.getResponseCookies().getFirst(session.getName());
		assertThat(renewed.getValue()).isNotEqualTo(session.getValue());
		assertThat(renewed.isHttpOnly()).isTrue();

		this.http.get().uri("/app/").cookie(renewed.getName(), renewed.getValue()).exchange().expectStatus().isOk();
		for (ResponseCookie ended : List.of(session, other)) {
			Eventually.within(Duration.ofSeconds(10), () -> this.http.get().uri("/app/")
				.cookie(ended.getName(), ended.getValue())
				.exchange()
				.returnResult(byte[].class)
				.getStatus()
				.value() == 401);
			this.http.get().uri("/app/").cookie(ended.getName(), ended.getValue()).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("Gatehouse-Session-Ended", "revoked_password_change");
		}
	}

	@Test
	void logoutEverywhereWhenFormSaysSoThenEverySessionEndedAndCookieCleared() {
		String username = "all-" + System.nanoTime() % 1_000_000_000L;
		String password = "Sign-in-" + UUID.randomUUID();
		createUser(username, password);
		ResponseCookie session = signIn("/app/", username, password);
		ResponseCookie other = signIn("/app/", username, password);

		EntityExchangeResult<byte[]> logout = this.http.post().uri("/logout")
			.cookie(session.getName(), session.getValue())
			.header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "navigate")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("everywhere", "true"))
			.exchange()
			.expectStatus().isSeeOther()
			.expectHeader().valueEquals("Clear-Site-Data", "\"cookies\"")
			.expectBody().returnResult();
		assertThat(logout.getResponseCookies().getFirst(session.getName()).getMaxAge()).isZero();

		for (ResponseCookie ended : List.of(session, other)) {
			Eventually.within(Duration.ofSeconds(10), () -> this.http.get().uri("/app/")
				.cookie(ended.getName(), ended.getValue())
				.exchange()
				.returnResult(byte[].class)
				.getStatus()
				.value() == 401);
			this.http.get().uri("/app/").cookie(ended.getName(), ended.getValue()).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueEquals("Gatehouse-Session-Ended", "revoked_logout_all");
		}
	}

	private void createUser(String username, String password) {
		String admin = this.http.post().uri(tokenService.url() + "/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", TokenServiceProcess.ADMIN, "password", TokenServiceProcess.ADMIN_PASSWORD,
					"client_id", "web"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("access_token").toString();
		this.http.post().uri(tokenService.url() + "/admin/users")
			.headers((headers) -> headers.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "roles", List.of()))
			.exchange()
			.expectStatus().isCreated();
	}

	@Test
	void logoutWithMadeUpCookieThenSignedOutAnswerButNoSignOutCounted() {
		double before = this.meters.find("gatehouse.gateway.browser.signouts").counters().stream()
			.mapToDouble((counter) -> counter.count()).sum();
		for (int i = 0; i < 3; i++) {
			String madeUp = java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString(java.util.UUID.randomUUID().toString().getBytes()).substring(0, 43)
					+ ".eyJhbGciOiJub25lIn0.e30.c2ln";
			this.http.post().uri("/logout").cookie("__Host-gatehouse-session", madeUp)
				.header("Sec-Fetch-Site", "same-origin")
				.exchange()
				.expectStatus().isOk();
		}

		assertThat(this.meters.find("gatehouse.gateway.browser.signouts").counters().stream()
			.mapToDouble((counter) -> counter.count()).sum()).isEqualTo(before);
	}

	@Test
	void sessionWhenSignedInThenRemainingLifetimeWithoutExtendingIt() {
		this.http.get().uri("/session").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.signed_in").isEqualTo(false);
		ResponseCookie session = signIn("/app/");
		this.http.get().uri("/session").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody()
			.jsonPath("$.signed_in").isEqualTo(true)
			.jsonPath("$.username").isEqualTo(TokenServiceProcess.ADMIN)
			.jsonPath("$.client_id").isEqualTo("gateway-browser")
			.jsonPath("$.expires_by").isEqualTo("idle")
			.jsonPath("$.expires_in").value((Integer seconds) -> assertThat(seconds).isBetween(43_180, 43_202));
	}

	@Test
	void callbackWithUnknownStateThenErrorPageAndNoSession() {
		this.http.get().uri("/login/callback?code=abc&state=unknown").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody(String.class).value((page) -> assertThat(page).contains("This sign-in has expired"));
	}

	@Test
	void webSocketHandshakeWithCookieFromAnotherOriginThen403AndAppNotReached() {
		ResponseCookie session = signIn("/app/");
		this.http.get().uri("/app/socket").cookie(session.getName(), session.getValue())
			.header(HttpHeaders.UPGRADE, "websocket").header(HttpHeaders.CONNECTION, "Upgrade")
			.header(HttpHeaders.ORIGIN, "http://evil.localhost:" + GATEWAY_PORT)
			.exchange()
			.expectStatus().isForbidden()
			.expectBody().jsonPath("$.error").isEqualTo("csrf_refused");
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void forgedSessionCookieThen401InvalidCookieWithoutAskingTheTokenService() {
		double before = refreshes();
		String forged = "A".repeat(43) + ".eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
		this.http.get().uri("/app/").cookie("__Host-gatehouse-session", forged).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals("Gatehouse-Session-Ended", "invalid_cookie");
		assertThat(refreshes()).isEqualTo(before);
		assertThat(upstream.received()).isEmpty();
	}

	@Test
	void pendingLoginCookieWithAbsurdExpiryThenIgnoredNot500() {
		String attempt = "A".repeat(43) + "~" + "B".repeat(43) + "~100000000000000000~Lw";
		this.http.get().uri("/login/callback?code=abc&state=" + "A".repeat(43))
			.cookie("__Host-gatehouse-login", attempt)
			.exchange()
			.expectStatus().isBadRequest();
	}

	/** Signs the test admin in through the gateway's browser mode; the session cookie it ends with. */
	private ResponseCookie signIn(String returnTo) {
		return signIn(returnTo, TokenServiceProcess.ADMIN, TokenServiceProcess.ADMIN_PASSWORD);
	}

	private ResponseCookie signIn(String returnTo, String username, String password) {
		EntityExchangeResult<Void> login = this.http.get()
			.uri((builder) -> builder.path("/login").queryParam("return_to", "{to}").build(returnTo))
			.exchange()
			.expectStatus().isFound()
			.expectBody().isEmpty();
		URI authorize = login.getResponseHeaders().getLocation();
		assertThat(authorize.toString()).startsWith(ORIGIN + "/oauth2/authorize?");
		Map<String, String> parameters = UriComponentsBuilder.fromUri(authorize).build().getQueryParams().toSingleValueMap();
		assertThat(parameters).containsEntry("client_id", "gateway-browser").containsEntry("code_challenge_method", "S256");
		ResponseCookie pending = login.getResponseCookies().getFirst("__Host-gatehouse-login");
		assertThat(pending.isHttpOnly()).isTrue();
		assertThat(pending.isSecure()).isTrue();

		EntityExchangeResult<String> authorization = this.http.get().uri(authorize)
			.exchange()
			.expectBody(String.class)
			.consumeWith((result) -> assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(303))
			.returnResult();
		URI form = authorize.resolve(authorization.getResponseHeaders().getLocation());
		String requestId = UriComponentsBuilder.fromUri(form).build().getQueryParams().getFirst("request");
		ResponseCookie binding = authorization.getResponseCookies().values().iterator().next().get(0);
		URI back = this.http.post().uri(form)
			.cookie(binding.getName(), binding.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("request", requestId)
				.with("username", username)
				.with("password", password))
			.exchange()
			.expectStatus().isSeeOther()
			.expectBody().isEmpty()
			.getResponseHeaders().getLocation();
		assertThat(back.toString()).startsWith(ORIGIN + "/login/callback?");

		EntityExchangeResult<Void> callback = this.http.get().uri(back)
			.cookie(pending.getName(), pending.getValue())
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueEquals(HttpHeaders.LOCATION, returnTo)
			.expectBody().isEmpty();
		assertThat(callback.getResponseCookies().getFirst("__Host-gatehouse-login").getMaxAge()).isZero();
		return callback.getResponseCookies().getFirst("__Host-gatehouse-session");
	}

	private double refreshes() {
		return this.meters.find("gatehouse.gateway.browser.refresh").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private double signOuts(String reason) {
		return this.meters.find("gatehouse.gateway.browser.signouts").tag("reason", reason).counter().count();
	}

	private double rotated() {
		var counter = this.meters.find("gatehouse.gateway.browser.refresh").tag("outcome", "rotated").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static int freePort() {
		try {
			return TokenServiceProcess.freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

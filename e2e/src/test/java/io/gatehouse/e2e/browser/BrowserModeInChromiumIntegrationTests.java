package io.gatehouse.e2e.browser;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.gatehouse.e2e.support.BrowserScript;
import io.gatehouse.e2e.support.Gatehouse;
import io.gatehouse.e2e.support.RecordingUpstream;
import io.gatehouse.e2e.support.ScenarioControl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's browser tests: headless Chromium (Debian's, driven by Playwright) uses the demo page
 * {@code /app/} (the real {@code demo-upstream} jar) through the gateway's browser mode, with the
 * real token service on PostgreSQL. The page's API calls go to a {@link RecordingUpstream}
 * ({@code /api/**} in the default session mode, hybrid; {@code /stateless/**} stateless), which
 * shows what the gateway forwarded and whether a refused request reached it at all. The
 * {@code gateway-browser} client's access tokens live {@value #TTL_SECONDS} s (and the gateway
 * refreshes 1 s before expiry), so a test sees several expiries in seconds; the session itself
 * has the client's shipped policy (12 h idle). Each test signs in its own user.
 */
class BrowserModeInChromiumIntegrationTests {

	static final int TTL_SECONDS = 5;

	static final long IDLE_TIMEOUT_SECONDS = Duration.ofHours(12).toSeconds();

	static final String SESSION_COOKIE = "__Host-gatehouse-session";

	static final int OTHER_SITE_PORT = Gatehouse.freePort();

	static RecordingUpstream upstream;

	static Gatehouse gatehouse;

	static ScenarioControl control;

	@BeforeAll
	static void start() {
		BrowserScript.checkInstalled();
		upstream = RecordingUpstream.start();
		gatehouse = Gatehouse.inSchema("browser_mode")
			.tokenService(Map.of("gatehouse.clients.gateway-browser.access-token-ttl", TTL_SECONDS + "s"))
			.gateway(Map.of("gatehouse.gateway.browser.refresh-lead-time", "1s"))
			.demoApp()
			.route("test-api", upstream.url(), "/api/**", Map.of())
			.route("test-stateless", upstream.url(), "/stateless/**", Map.of("mode", "stateless"))
			.start();
		control = ScenarioControl.of(gatehouse);
	}

	@AfterAll
	static void stop() {
		if (control != null) {
			control.close();
		}
		if (gatehouse != null) {
			gatehouse.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void appWhenOpenedWithoutSessionThenSignInLandsBackWithHttpOnlyHostCookieAndNoTokenForScripts() throws Exception {
		String username = "alice-app";
		Path screenshot = Path.of("target", "browser", "demo-app-phone.png").toAbsolutePath();
		Files.createDirectories(screenshot.getParent());
		JsonNode seen = run("app-sign-in", username, Map.of("screenshot", screenshot.toString()));

		// GET /app/ without a session: 302 to the gateway's /login with the page as return_to, then to the authorization endpoint.
		JsonNode hops = seen.at("/signIn/hops");
		JsonNode first = hops.get(0);
		assertThat(first.get("url").asString()).isEqualTo(gateway("/app/"));
		assertThat(first.get("status").asInt()).as("GET /app/ without a session: %s", hops).isEqualTo(302);
		URI login = URI.create(gateway("/app/")).resolve(first.get("location").asString());
		assertThat(gateway(login.getRawPath())).isEqualTo(gateway("/login"));
		assertThat(query(login).get("return_to")).isEqualTo("/app/");
		JsonNode authorize = hops.get(1);
		assertThat(authorize.get("status").asInt()).as("GET /login: %s", hops).isEqualTo(302);
		URI authorization = login.resolve(authorize.get("location").asString());
		assertThat(authorization.getPath()).isEqualTo("/oauth2/authorize");
		Map<String, String> request = query(authorization);
		assertThat(request).containsEntry("client_id", "gateway-browser")
			.containsEntry("response_type", "code")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("redirect_uri", gateway("/login/callback"))
			.containsKeys("state", "code_challenge");
		assertThat(seen.at("/signIn/loginPageUrl").asString()).startsWith(gatehouse.issuer() + "/");
		assertThat(seen.at("/signIn/landedOn").asString()).isEqualTo(gateway("/app/"));

		// The session cookie, as Chromium keeps it.
		JsonNode cookie = cookie(seen.get("cookies"), SESSION_COOKIE);
		assertThat(cookie).as("cookies after signing in: %s", seen.get("cookies")).isNotNull();
		assertThat(cookie.get("domain").asString()).as("host-only").isEqualTo("127.0.0.1");
		assertThat(cookie.get("path").asString()).isEqualTo("/");
		assertThat(cookie.get("httpOnly").asBoolean()).isTrue();
		assertThat(cookie.get("secure").asBoolean()).isTrue();
		assertThat(cookie.get("sameSite").asString()).isEqualTo("Lax");
		assertThat(cookie.get("size").asInt()).as("bytes of name=value").isLessThan(4096);
		JsonNode session = seen.at("/session/body");
		long expiresIn = session.get("expires_in").asLong();
		assertThat(expiresIn).as("a fresh session has the client's idle timeout left").isBetween(IDLE_TIMEOUT_SECONDS - 30,
				IDLE_TIMEOUT_SECONDS);
		assertThat(cookie.get("secondsLeft").asLong()).as("Max-Age: the session's real remaining lifetime")
			.isBetween(expiresIn - 10, expiresIn + 10);

		// GET /session: who, which session, how long; never cached.
		assertThat(seen.at("/session/status").asInt()).isEqualTo(200);
		assertThat(seen.at("/session/headers/cache-control").asString()).contains("no-store");
		assertThat(session.get("signed_in").asBoolean()).isTrue();
		assertThat(session.get("username").asString()).isEqualTo(username);
		assertThat(session.get("client_id").asString()).isEqualTo("gateway-browser");
		assertThat(session.get("expires_by").asString()).isEqualTo("idle");
		assertThat(session.get("session_id").asString()).isNotBlank();
		assertThat(session.get("expires_at").asString()).isNotBlank();

		// The page's API call: the upstream gets the identity and the bearer token, never the gateway's cookies.
		JsonNode api = seen.get("api");
		assertThat(api.get("status").asInt()).as("the page's GET /api/hello: %s", api).isEqualTo(200);
		assertThat(api.at("/json/subject").asString()).isEqualTo(session.get("subject").asString());
		assertThat(api.at("/json/session").asString()).isEqualTo(session.get("session_id").asString());
		assertThat(api.at("/json/client").asString()).isEqualTo("gateway-browser");
		RecordingUpstream.Received forwarded = upstream.received().stream()
			.filter((r) -> session.get("session_id").asString().equals(r.header("x-auth-session")))
			.findFirst()
			.orElseThrow();
		assertThat(String.valueOf(forwarded.header("cookie"))).doesNotContain("__Host-gatehouse");
		assertThat(forwarded.header("authorization")).startsWith("Bearer eyJ");

		// Nothing a script can read holds a token.
		JsonNode scripts = seen.get("scripts");
		assertThat(scripts.get("documentCookie").asString()).doesNotContain("gatehouse-session");
		assertThat(strings(scripts.get("jwtIn"))).as("where a JWT is readable by scripts").isEmpty();
		assertThat(strings(scripts.get("localStorageKeys"))).isEmpty();
		assertThat(strings(scripts.get("sessionStorageKeys"))).isEmpty();
		assertThat(scripts.get("url").asString()).isEqualTo(gateway("/app/"));

		// The page: the user, a countdown, no CSP violation, no error; it fits a phone.
		assertThat(seen.get("pageText").asString()).contains("Signed in as " + username);
		int counted = seen.at("/countdown/first/seconds").asInt() - seen.at("/countdown/second/seconds").asInt();
		assertThat(counted).as("the remaining time counts down: %s", seen.get("countdown")).isBetween(1, 4);
		assertThat(strings(seen.get("cspViolations"))).isEmpty();
		assertThat(strings(seen.get("browserErrors"))).isEmpty();
		JsonNode layout = seen.get("layout");
		assertThat(layout.get("scrollWidth").asInt()).isLessThanOrEqualTo(layout.get("viewportWidth").asInt());
		for (String button : List.of("callApi", "logout")) {
			assertThat(layout.at("/" + button + "/right").asDouble()).as(button).isLessThanOrEqualTo(360);
			assertThat(layout.at("/" + button + "/height").asDouble()).as(button).isGreaterThanOrEqualTo(24);
		}
		assertThat(screenshot).exists();
	}

	@Test
	void apiWhenAccessTokenExpiresRepeatedlyThenCallsKeepWorkingAndParallelFetchesShareOneRefresh() {
		JsonNode seen = run("app-refresh", "bob-app", Map.of(), Duration.ofSeconds(150));

		JsonNode calls = seen.get("calls");
		String previousCookie = null;
		int previousRefreshes = -1;
		for (JsonNode call : calls) {
			assertThat(call.get("status").asInt()).as("a call after an expiry: %s", calls).isEqualTo(200);
			assertThat(call.get("sessionEnded").isNull()).isTrue();
			assertThat(sessionSetCookie(call.get("setCookie"))).as("the refreshed cookie is set: %s", call).isNotNull();
			JsonNode cookie = call.get("cookie");
			assertThat(cookie.get("secondsLeft").asLong()).as("Max-Age recomputed at the refresh")
				.isBetween(IDLE_TIMEOUT_SECONDS - 30, IDLE_TIMEOUT_SECONDS);
			assertThat(cookie.get("digest").asString()).isNotEqualTo(previousCookie);
			if (previousRefreshes >= 0) {
				assertThat(call.get("refreshes").asInt()).as("one refresh per expiry: %s", calls)
					.isEqualTo(previousRefreshes + 1);
			}
			previousCookie = cookie.get("digest").asString();
			previousRefreshes = call.get("refreshes").asInt();
		}
		JsonNode burst = seen.get("burst");
		assertThat(strings(burst.get("statuses"))).as("20 parallel fetches after an expiry: %s", burst.get("failures"))
			.hasSize(20)
			.containsOnly("200");
		assertThat(burst.get("refreshesAfter").asInt() - burst.get("refreshesBefore").asInt())
			.as("refreshes for the 20 parallel fetches, by the session's timeline")
			.isEqualTo(1);
		assertThat(burst.at("/cookieAfter/digest").asString()).isNotEqualTo(burst.at("/cookieBefore/digest").asString());
		assertThat(seen.get("followUp").asInt()).isEqualTo(200);
		assertThat(seen.at("/session/body/signed_in").asBoolean()).isTrue();
		assertThat(seen.at("/session/body/session_id").asString()).isEqualTo(seen.get("sessionId").asString());
	}

	@Test
	void logoutWhenSignOutClickedThenSessionRevokedCookiesClearedAndNextCall401() {
		JsonNode seen = run("app-logout", "carol-app", Map.of());

		assertThat(seen.get("before").asInt()).isEqualTo(200);
		JsonNode logout = seen.get("logout");
		assertThat(logout.get("method").asString()).isEqualTo("POST");
		assertThat(logout.get("status").asInt()).as("the page's POST /logout: %s", logout).isEqualTo(200);
		assertThat(logout.at("/body/signed_out").asBoolean()).isTrue();
		assertThat(logout.get("clearSiteData").asString()).contains("\"cookies\"");
		JsonNode cleared = sessionSetCookie(logout.get("setCookie"));
		assertThat(cleared).as("Set-Cookie of the logout: %s", logout.get("setCookie")).isNotNull();
		assertThat(cleared.get("maxAge").asInt()).isZero();
		assertThat(strings(cleared.get("attributes"))).contains("path", "secure", "httponly", "samesite");
		assertThat(cookie(seen.get("cookiesAfter"), SESSION_COOKIE)).isNull();
		assertThat(seen.at("/apiAfter/status").asInt()).isEqualTo(401);
		assertThat(seen.at("/clickAfter/status").asInt()).isEqualTo(401);
		assertThat(seen.at("/clickAfter/message").asString()).contains("not signed in");
		assertThat(seen.at("/clickAfter/signInVisible").asBoolean()).isTrue();
		assertThat(seen.at("/sessionAfter/body/signed_in").asBoolean()).isFalse();
		assertThat(strings(seen.get("reasons"))).as("the session's timeline").contains("revoked_logout");
	}

	@Test
	void apiWhenAdminEndsSessionThenNextCall401RevokedAdminAndCookiesCleared() {
		JsonNode seen = run("app-admin-revoke", "dave-app", Map.of("path", "/api/hello"), Duration.ofSeconds(90));

		assertRevokedByAdmin(seen);
		assertThat(seen.at("/answer/message").asString()).contains("An administrator ended your session.");
		assertThat(seen.at("/answer/signInVisible").asBoolean()).isTrue();
		assertThat(seen.get("statusText").asString()).contains("An administrator ended your session.");
	}

	@Test
	void statelessRouteWhenAdminEndsSessionThenRefreshRefusedWith401RevokedAdminAndCookiesCleared() {
		JsonNode seen = run("app-admin-revoke", "erin-app", Map.of("path", "/stateless/hello"), Duration.ofSeconds(90));

		assertRevokedByAdmin(seen);
	}

	@Test
	void apiWhenTokenServiceStoppedThen503KeepsCookieAndWorksAgainOnceBack() {
		JsonNode seen;
		try {
			seen = run("app-token-service-down", "frank-app", Map.of(), Duration.ofSeconds(240));
		}
		finally {
			gatehouse.startTokenService();
		}

		assertThat(seen.get("before").asInt()).isEqualTo(200);
		for (JsonNode down : seen.get("down")) {
			assertThat(down.get("status").asInt()).as("a call needing a refresh with the token service down: %s", down)
				.isEqualTo(503);
			assertThat(down.get("retryAfter").isNull()).as("Retry-After").isFalse();
			assertThat(down.at("/body/error").asString()).isEqualTo("temporarily_unavailable");
			assertThat(sessionSetCookie(down.get("setCookie"))).as("no cookie change while down").isNull();
			assertThat(down.get("message").asString()).contains("try again");
		}
		JsonNode pageLoad = seen.get("pageLoad");
		assertThat(pageLoad.get("status").asInt()).as("a page load while down: %s", pageLoad).isEqualTo(503);
		assertThat(pageLoad.get("contentType").asString()).startsWith("text/html");
		assertThat(pageLoad.get("retryAfter").isNull()).isFalse();
		assertThat(pageLoad.get("heading").asString()).isEqualTo("Temporarily unavailable");
		assertThat(seen.at("/cookieWhileDown/digest").asString()).as("the cookie is kept")
			.isEqualTo(seen.at("/cookieBefore/digest").asString());
		List<String> statuses = strings(seen.get("statusesWhenBack"));
		assertThat(statuses).as("calls once the token service is back").doesNotContain("401").endsWith("200");
		assertThat(seen.get("cookieAfter").isNull()).isFalse();
		assertThat(seen.at("/session/body/signed_in").asBoolean()).isTrue();
	}

	@Test
	void postWhenPageOfAnotherOriginSendsItWithCookieThenRefusedAndUpstreamNeverReached() {
		JsonNode seen = run("cross-site-post", "grace-app", Map.of("otherSitePort", OTHER_SITE_PORT));

		// The control: the app's own page may POST.
		JsonNode sameOrigin = seen.get("sameOrigin");
		assertThat(sameOrigin.get("status").asInt()).as("same-origin POST: %s", sameOrigin).isEqualTo(200);
		assertThat(sameOrigin.get("origin").asString()).isEqualTo(gatehouse.issuer());
		assertThat(sameOrigin.get("vary").asString()).containsIgnoringCase("Origin").containsIgnoringCase("Sec-Fetch-Site");
		assertThat(upstream.received("POST", "/api/same-origin-post")).singleElement()
			.satisfies((post) -> assertThat(post.header("x-auth-session")).as("the cookie session's identity").isNotBlank());
		// 127.0.0.1 on another port: the same site, so SameSite=Lax sends the cookie, and the CSRF check must refuse
		// (a 403 is the gateway's answer to a cookie it refuses; without a cookie it would be 401).
		JsonNode sameSite = seen.at("/attempts/sameSite");
		for (String by : List.of("fetch", "form")) {
			JsonNode attempt = sameSite.get(by);
			assertThat(attempt.get("origin").asString()).isEqualTo(sameSite.get("origin").asString());
			assertThat(attempt.get("status").asInt()).as("%s POST from %s: %s", by, sameSite.get("origin"), attempt)
				.isEqualTo(403);
		}
		// The no-cors fetch's answer is opaque to the page (and to Playwright); the form's is a page.
		assertThat(sameSite.at("/form/body/error").asString()).isEqualTo("csrf_refused");
		// localhost: another site, so SameSite=Lax keeps the cookie home: the gateway sees no session at all (401).
		JsonNode crossSite = seen.at("/attempts/crossSite");
		for (String by : List.of("fetch", "form")) {
			JsonNode attempt = crossSite.get(by);
			assertThat(attempt.get("status").asInt()).as("%s POST from %s: %s", by, crossSite.get("origin"), attempt)
				.isEqualTo(401);
		}
		assertThat(crossSite.at("/form/body/error").asString()).isEqualTo("unauthorized");
		assertThat(upstream.received("POST", "/api/transfer")).as("refused requests reaching the upstream").isEmpty();
		// Refusals end nothing: the session still works.
		assertThat(seen.at("/stillSignedIn/body/signed_in").asBoolean()).isTrue();
		assertThat(seen.get("apiAfter").asInt()).isEqualTo(200);
	}

	private static void assertRevokedByAdmin(JsonNode seen) {
		assertThat(seen.get("before").asInt()).isEqualTo(200);
		JsonNode answer = seen.get("answer");
		assertThat(answer.get("status").asInt()).as("the call after the admin's revoke on %s (%s ms later): %s",
				seen.get("path"), seen.get("afterMs"), answer).isEqualTo(401);
		assertThat(answer.at("/body/error").asString()).isEqualTo("session_ended");
		assertThat(answer.at("/body/reason").asString()).isEqualTo("revoked_admin");
		assertThat(answer.get("sessionEnded").asString()).isEqualTo("revoked_admin");
		JsonNode cleared = sessionSetCookie(answer.get("setCookie"));
		assertThat(cleared).as("Set-Cookie of the 401: %s", answer.get("setCookie")).isNotNull();
		assertThat(cleared.get("maxAge").asInt()).isZero();
		assertThat(cookie(seen.get("cookiesAfter"), SESSION_COOKIE)).isNull();
		assertThat(seen.at("/sessionAfter/body/signed_in").asBoolean()).isFalse();
		List<String> statuses = strings(seen.get("statuses"));
		assertThat(statuses).as("statuses until the refusal").endsWith("401");
		assertThat(statuses.subList(0, statuses.size() - 1)).as("statuses until the refusal").allMatch("200"::equals);
	}

	private static JsonNode run(String scenario, String username, Map<String, Object> extra) {
		return run(scenario, username, extra, Duration.ofSeconds(90));
	}

	private static JsonNode run(String scenario, String username, Map<String, Object> extra, Duration limit) {
		String password = gatehouse.createUser(username);
		Map<String, Object> input = new HashMap<>(Map.of("gateway", gatehouse.issuer(), "username", username, "password",
				password, "controlUrl", control.url(), "ttlSeconds", TTL_SECONDS));
		input.putAll(extra);
		return BrowserScript.run(scenario, input, limit);
	}

	static String gateway(String path) {
		return gatehouse.issuer() + path;
	}

	static JsonNode cookie(JsonNode cookies, String name) {
		return cookies.valueStream().filter((c) -> name.equals(c.get("name").asString())).findFirst().orElse(null);
	}

	static JsonNode sessionSetCookie(JsonNode setCookies) {
		return cookie(setCookies, SESSION_COOKIE);
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> parameters = new HashMap<>();
		String raw = uri.getRawQuery();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				parameters.put(URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
						(equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}

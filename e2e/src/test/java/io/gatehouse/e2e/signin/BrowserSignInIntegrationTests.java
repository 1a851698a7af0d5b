package io.gatehouse.e2e.signin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.gatehouse.e2e.support.BrowserScript;
import io.gatehouse.e2e.support.Gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's browser tests: headless Chromium (Debian's, driven by Playwright) signs in on the
 * hosted login page through the gateway, the issuer, with the real token service on PostgreSQL.
 * The relying party is the Node script itself using oauth4webapi, a strict OAuth 2.1 / OpenID
 * Connect client: discovery, PKCE S256, state, nonce, RFC 9207 {@code iss}, the code exchange and
 * the ID token (signature via the JWKS, {@code iss}, {@code aud}, {@code nonce}, {@code exp}).
 * Each test uses its own user, so the login limits and sessions of one never touch another.
 */
class BrowserSignInIntegrationTests {

	static final String CLIENT = "e2e-page";

	static final String DISPLAY_NAME = "Gatehouse Browser Test Page";

	static final int RELYING_PARTY_PORT = Gatehouse.freePort();

	static final String REDIRECT_URI = "http://127.0.0.1:" + RELYING_PARTY_PORT + "/callback";

	static Gatehouse gatehouse;

	@BeforeAll
	static void start() {
		BrowserScript.checkInstalled();
		String client = "gatehouse.clients." + CLIENT + ".";
		gatehouse = Gatehouse.start("browser_sign_in", Map.of(client + "display-name", DISPLAY_NAME,
				client + "redirect-uris[0]", REDIRECT_URI));
	}

	@AfterAll
	static void stop() {
		if (gatehouse != null) {
			gatehouse.close();
		}
	}

	@Test
	void signInWhenTestPageStartsFlowThenCodeExchangedForTokensAndValidIdToken() {
		String username = "alice-browser";
		JsonNode seen = run("sign-in", username);

		JsonNode loginPage = seen.get("loginPage");
		assertThat(loginPage.get("url").asString()).startsWith(gatehouse.issuer() + "/signin?request=");
		assertThat(loginPage.get("text").asString()).contains(DISPLAY_NAME);
		JsonNode rp = seen.get("rp");
		assertThat(strings(rp.at("/callback/query"))).contains("code", "state", "iss");
		assertThat(rp.at("/callback/iss").asString()).isEqualTo(gatehouse.issuer());
		assertThat(strings(rp.get("tokenResponseKeys"))).contains("access_token", "refresh_token", "id_token",
				"token_type", "expires_in");
		JsonNode claims = rp.get("claims");
		assertThat(claims.get("iss").asString()).isEqualTo(gatehouse.issuer());
		assertThat(claims.get("aud").isArray() ? claims.get("aud").get(0).asString() : claims.get("aud").asString())
			.isEqualTo(CLIENT);
		assertThat(claims.get("nonce").asString()).isEqualTo(rp.get("nonceSent").asString());
		assertThat(claims.get("preferred_username").asString()).isEqualTo(username);
		assertThat(claims.has("sub")).isTrue();
		assertThat(claims.has("sid")).isTrue();
		assertThat(claims.has("auth_time")).isTrue();
		// oauth4webapi has checked that userinfo's sub is the ID token's.
		assertThat(seen.at("/userInfo/sub").asString()).isEqualTo(claims.get("sub").asString());
		assertThat(seen.at("/userInfo/preferred_username").asString()).isEqualTo(username);
		assertThat(seen.get("landedOn").asString()).startsWith(REDIRECT_URI);
		assertThat(seen.get("pageText").asString()).contains("Signed in as " + username);
		// The control of the replay test: this session's refresh token works while nothing was replayed.
		assertThat(seen.at("/refreshed/ok").asBoolean()).as("refresh of a fresh session: %s", seen.get("refreshed")).isTrue();
		assertThat(strings(seen.get("browserErrors"))).isEmpty();
	}

	@Test
	void signInWhenWrongPasswordThenErrorShownOnPageWithoutRedirectAndRetryWorks() {
		String username = "bob-browser";
		JsonNode seen = run("wrong-password", username);

		JsonNode wrong = seen.get("afterWrong");
		assertThat(wrong.get("status").asInt()).isIn(200, 400);
		assertThat(wrong.get("url").asString()).startsWith(gatehouse.issuer() + "/signin?request=");
		assertThat(wrong.get("alert").asString()).isEqualTo("Unknown username or wrong password");
		assertThat(wrong.get("callbacks").asInt()).as("redirects to the relying party").isZero();
		assertThat(wrong.get("usernameValue").asString()).isEqualTo(username);
		assertThat(wrong.get("passwordValue").asString()).isEmpty();
		assertThat(focusIsOnAlertOrFirstField(wrong.get("focused"))).as("focus after the error: %s", wrong.get("focused"))
			.isTrue();
		assertThat(seen.at("/retry/claims/preferred_username").asString()).isEqualTo(username);
	}

	@Test
	void tokenWhenCodeReplayedThenInvalidGrantAndFirstSessionRevoked() {
		JsonNode seen = run("code-replay", "carol-browser");

		assertThat(strings(seen.at("/first/tokenResponseKeys"))).contains("refresh_token", "id_token");
		JsonNode replay = seen.get("replay");
		assertThat(replay.get("ok").asBoolean()).as("second exchange of one code: %s", replay).isFalse();
		assertThat(replay.get("status").asInt()).isEqualTo(400);
		assertThat(replay.get("error").asString()).isEqualTo("invalid_grant");
		JsonNode refresh = seen.get("refreshAfterReplay");
		assertThat(refresh.get("ok").asBoolean()).as("refresh of the first session after the replay: %s", refresh).isFalse();
		assertThat(refresh.get("status").asInt()).isEqualTo(400);
		assertThat(refresh.get("error").asString()).isEqualTo("invalid_grant");
		assertThat(refresh.get("error_description").asString()).isEqualTo("revoked_code_replay");
	}

	@Test
	void loginPageWhenLoadedThenBrowserSeesStrictSecurityHeadersAndEnforcesThem() {
		JsonNode seen = run("security-headers", "dave-browser");

		JsonNode headers = seen.at("/loginPage/headers");
		assertThat(headers.isObject()).as("the login page's response: %s", seen.get("documents")).isTrue();
		String csp = headers.get("content-security-policy").asString();
		assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe-inline",
				"unsafe-eval");
		assertThat(csp).doesNotContainPattern("script-src[^;]*\\*");
		assertThat(headers.get("cache-control").asString()).contains("no-store");
		assertThat(headers.get("referrer-policy").asString()).isEqualTo("no-referrer");
		assertThat(headers.get("x-content-type-options").asString()).isEqualTo("nosniff");
		// The page works under its own policy: its stylesheet applies and nothing it needs is refused.
		assertThat(seen.get("styled").asBoolean()).isTrue();
		assertThat(strings(seen.get("violationsOnPage"))).isEmpty();
		// Chromium refuses to show it inside another site's frame.
		assertThat(seen.get("framedLoginFields").asInt()).isZero();
		assertThat(strings(seen.get("frameViolations"))).anySatisfy((message) -> assertThat(message).contains("frame-ancestors"));
		// No-referrer: the relying party's callback does not learn the login page's URL.
		assertThat(seen.get("callbackReferer").isNull()).as("Referer of the callback: %s", seen.get("callbackReferer"))
			.isTrue();
	}

	@Test
	void signInWhenKeyboardOnlyThenTabAndEnterSufficeAndErrorIsAnnounced() {
		String username = "erin-browser";
		JsonNode seen = run("keyboard-only", username);

		assertThat(seen.at("/onPassword/id").asString()).isEqualTo("password");
		assertThat(seen.get("alert").asString()).isEqualTo("Unknown username or wrong password");
		assertThat(focusIsOnAlertOrFirstField(seen.get("focusedAfterError")))
			.as("focus after the error: %s", seen.get("focusedAfterError")).isTrue();
		assertThat(seen.get("tabsToUsername").asInt()).isLessThanOrEqualTo(3);
		assertThat(seen.at("/signedIn/claims/preferred_username").asString()).isEqualTo(username);
	}

	@Test
	void loginPageWhenPhoneWidthThenFitsWithoutSidewaysScrollAndTapSignInWorks() throws Exception {
		String username = "frank-browser";
		Path screenshot = Path.of("target", "browser", "login-page-phone.png").toAbsolutePath();
		Files.createDirectories(screenshot.getParent());
		JsonNode seen = run("phone-width", username, Map.of("screenshot", screenshot.toString()));

		JsonNode layout = seen.get("layout");
		int width = layout.get("viewportWidth").asInt();
		assertThat(width).isEqualTo(360);
		assertThat(layout.get("scrollWidth").asInt()).as("page width at a %d px viewport", width).isLessThanOrEqualTo(width);
		for (String field : List.of("username", "password", "button")) {
			JsonNode box = layout.get(field);
			assertThat(box.get("left").asDouble()).as(field).isGreaterThanOrEqualTo(0);
			assertThat(box.get("right").asDouble()).as(field).isLessThanOrEqualTo(width);
			// WCAG 2.5.8: targets at least 24 CSS px high.
			assertThat(box.get("height").asDouble()).as(field).isGreaterThanOrEqualTo(24);
		}
		assertThat(seen.at("/signedIn/claims/preferred_username").asString()).isEqualTo(username);
		assertThat(screenshot).exists();
	}

	private static JsonNode run(String scenario, String username) {
		return run(scenario, username, Map.of());
	}

	private static JsonNode run(String scenario, String username, Map<String, Object> extra) {
		String password = gatehouse.createUser(username);
		Map<String, Object> input = new HashMap<>(Map.of("issuer", gatehouse.issuer(), "clientId", CLIENT,
				"redirectUri", REDIRECT_URI, "username", username, "password", password));
		input.putAll(extra);
		return BrowserScript.run(scenario, input);
	}

	private static boolean focusIsOnAlertOrFirstField(JsonNode focused) {
		return "alert".equals(focused.path("role").asString(null)) || "username".equals(focused.path("id").asString(null));
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}

package io.gatehouse.e2e.account;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.json.JsonMapper;

import io.gatehouse.e2e.support.BrowserScript;
import io.gatehouse.e2e.support.Gatehouse;
import io.gatehouse.e2e.support.RecordingUpstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's browser tests: headless Chromium (Debian's, driven by Playwright) on the account page
 * {@code /account/}, which the real token service renders behind the real gateway's browser mode,
 * on PostgreSQL. Two browsers with different user agents are two devices of one user; their API
 * calls go to a {@link RecordingUpstream} on {@code /api/**} (hybrid mode), so a refused session
 * shows as the gateway's 401 with the reason. A client {@code short-idle} ({@value #SHORT_IDLE_SECONDS} s
 * idle timeout, password login) makes a session that times out while the test waits. The user and
 * support views and the page at phone width are saved as screenshots under {@code target/browser/}
 * (and copied to {@code docs/} by hand).
 */
class AccountPageInChromiumIntegrationTests {

	static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	static final String LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

	static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	static final int SHORT_IDLE_SECONDS = 3;

	static final int OTHER_SITE_PORT = Gatehouse.freePort();

	static final Path SCREENSHOTS = Path.of("target", "browser").toAbsolutePath();

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static RecordingUpstream upstream;

	static Gatehouse gatehouse;

	@BeforeAll
	static void start() throws IOException {
		BrowserScript.checkInstalled();
		Files.createDirectories(SCREENSHOTS);
		upstream = RecordingUpstream.start();
		gatehouse = Gatehouse.inSchema("account_page")
			.tokenService(Map.of("gatehouse.clients.short-idle.display-name", "Short-idle app",
					"gatehouse.clients.short-idle.grant-types", "password_login,refresh_token",
					"gatehouse.clients.short-idle.refresh-idle-timeout", SHORT_IDLE_SECONDS + "s",
					"gatehouse.clients.short-idle.access-token-ttl", "2s",
					"gatehouse.clients.short-idle.reuse-grace", "1s",
					"gatehouse.clients.short-idle.scopes", "api"))
			.accountPage()
			.route("test-api", upstream.url(), "/api/**", Map.of())
			.start();
	}

	@AfterAll
	static void stop() {
		if (gatehouse != null) {
			gatehouse.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void accountWhenTwoDevicesThenBothNamedThisDeviceMarkedAndSigningOneOutEndsItWithTheReason() {
		String username = "alice-account";
		JsonNode seen = run("account-two-devices", username, Map.of("userAgentA", WINDOWS_CHROME, "userAgentB",
				LINUX_FIREFOX, "screenshots", Map.of("user", screenshot("account-page.png"), "phone",
						screenshot("account-page-phone.png"))));

		// Both devices, named from their user agents; A's page marks A as this device, and only B can be signed out.
		JsonNode before = seen.get("before");
		JsonNode a = card(before.get("live"), seen.get("sessionA").asString());
		JsonNode b = card(before.get("live"), seen.get("sessionB").asString());
		assertThat(before.get("live")).as("live sessions on A's page: %s", before).hasSize(2);
		assertThat(a.get("device").asString()).isEqualTo("Chrome 131 on Windows 10");
		assertThat(a.get("thisDevice").asBoolean()).isTrue();
		assertThat(a.get("buttons")).as("no sign-out button on this device's card").isEmpty();
		assertThat(b.get("device").asString()).isEqualTo("Firefox 133 on Linux");
		assertThat(b.get("thisDevice").asBoolean()).isFalse();
		assertThat(b.get("app").asString()).isEqualTo("Gatehouse");
		assertThat(b.get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(strings(b.get("ends")).get(0)).as("when and why B ends")
			.isEqualTo("In 12 hours unless you use it — idle timeout of Gatehouse (12 hours)");
		assertThat(strings(b.get("ends")).get(1)).startsWith("At the latest on ")
			.endsWith("— sign-in lifetime of Gatehouse (7 days)");
		assertThat(strings(b.get("timeline")).get(0)).startsWith("Signed in from Firefox 133 on Linux, 127.0.0.1, ");
		assertThat(seen.get("signOutName").asString()).isEqualTo("Sign out Firefox 133 on Linux");

		// B's next call: 401, revoked_logout.
		assertThat(seen.get("apiBefore").asInt()).isEqualTo(200);
		JsonNode apiAfter = seen.get("apiAfter");
		assertThat(apiAfter.get("status").asInt()).as("B's call after A signed it out: %s", apiAfter).isEqualTo(401);
		assertThat(apiAfter.at("/body/reason").asString()).isEqualTo("revoked_logout");

		// A's page: B under "recently ended", why in words naming the device it was ended from.
		JsonNode after = seen.get("after");
		assertThat(after.get("notice").asString()).isEqualTo("That session is signed out.");
		assertThat(after.get("live")).hasSize(1);
		JsonNode ended = card(after.get("ended"), seen.get("sessionB").asString());
		assertThat(ended.get("device").asString()).isEqualTo("Firefox 133 on Linux");
		assertThat(ended.get("why").asString()).isEqualTo("Signed out from another device (Chrome 131 on Windows 10).");
		assertThat(strings(ended.get("timeline"))).last().asString()
			.startsWith("Ended ")
			.endsWith(": Signed out from another device (Chrome 131 on Windows 10).");

		// Accessible, script-free, and it fits a phone.
		JsonNode landmarks = seen.get("landmarks");
		assertThat(landmarks.get("main").asInt()).isEqualTo(1);
		assertThat(strings(landmarks.get("h1"))).containsExactly("Your account");
		assertThat(strings(landmarks.get("h2"))).contains("Signed in now", "Recently ended", "Change password");
		assertThat(landmarks.get("unlabelledInputs")).isEmpty();
		assertThat(landmarks.get("scripts").asInt()).isZero();
		assertThat(seen.get("cspViolations")).isEmpty();
		assertThat(seen.get("browserErrors")).isEmpty();
		JsonNode layout = seen.get("layout");
		assertThat(layout.get("scrollWidth").asInt()).isLessThanOrEqualTo(layout.get("viewportWidth").asInt());
		for (JsonNode button : layout.get("buttons")) {
			assertThat(button.get("right").asDouble()).as("%s", button).isLessThanOrEqualTo(360);
			assertThat(button.get("height").asDouble()).as("%s", button).isGreaterThanOrEqualTo(24);
		}
		assertThat(Path.of(screenshot("account-page.png"))).exists();
		assertThat(Path.of(screenshot("account-page-phone.png"))).exists();
	}

	@Test
	void accountWhenSessionTimedOutIdleThenRecentlyEndedSaysSoWithTheTimeout() throws Exception {
		String username = "bob-account";
		String password = gatehouse.createUser(username);
		String idleSession = passwordLogin(username, password, "short-idle", IPHONE_SAFARI).get("session_id").asString();
		Thread.sleep(Duration.ofSeconds(SHORT_IDLE_SECONDS + 2).toMillis());

		JsonNode seen = BrowserScript.run("account-read", input(username, password, Map.of("userAgentA", WINDOWS_CHROME)));

		JsonNode ended = card(seen.at("/account/ended"), idleSession);
		assertThat(ended.get("device").asString()).isEqualTo("Mobile Safari 17 on iOS 17");
		assertThat(ended.get("app").asString()).isEqualTo("Short-idle app");
		assertThat(ended.get("why").asString())
			.isEqualTo("Signed out after 3 seconds without activity (idle timeout of Short-idle app).");
		assertThat(seen.at("/account/live")).hasSize(1);
	}

	@Test
	void passwordWhenChangedOnThePageThenOtherDeviceEndedAndThisOneStaysSignedInWithARenewedCookie() {
		String username = "carol-account";
		String newPassword = "Changed-" + java.util.UUID.randomUUID();
		JsonNode seen = run("account-password-change", username,
				Map.of("userAgentA", WINDOWS_CHROME, "userAgentB", LINUX_FIREFOX, "newPassword", newPassword));

		assertThat(seen.at("/wrong/url").asString()).endsWith("/account/?error=invalid_current_password");
		assertThat(seen.at("/wrong/alert").asString()).isEqualTo("The current password is wrong. Nothing was changed.");
		assertThat(seen.at("/changed/status").asInt()).isEqualTo(303);
		assertThat(seen.at("/changed/body").asString()).as("no token in the answer").doesNotContain("eyJ");
		JsonNode after = seen.get("afterChange");
		assertThat(after.get("notice").asString()).startsWith("Your password is changed.");
		assertThat(after.get("live")).as("live sessions after the change: %s", after).hasSize(1);
		assertThat(after.at("/live/0/thisDevice").asBoolean()).isTrue();
		assertThat(after.at("/live/0/id").asString()).isEqualTo(seen.at("/sessionAfter/session_id").asString())
			.isNotEqualTo(seen.get("sessionBefore").asString());
		assertThat(after.get("ended").valueStream().map((card) -> card.get("why").asString()))
			.hasSize(2)
			.containsOnly("Ended when your password was changed.");
		assertThat(seen.at("/cookieAfter/digest").asString()).isNotEqualTo(seen.at("/cookieBefore/digest").asString());
		assertThat(seen.at("/sessionAfter/signed_in").asBoolean()).isTrue();
		assertThat(seen.get("apiA").asInt()).isEqualTo(200);
		assertThat(seen.at("/apiB/status").asInt()).isEqualTo(401);
		assertThat(seen.at("/apiB/body/reason").asString()).isEqualTo("revoked_password_change");
		passwordLogin(username, newPassword, "web", WINDOWS_CHROME);

		// Sign out everywhere: the cookie is cleared and the session is gone.
		assertThat(seen.at("/afterEverywhere/cookie").isNull()).isTrue();
		assertThat(seen.at("/afterEverywhere/api").asInt()).isEqualTo(401);
		assertThat(gatehouse.admin().reasons(username, seen.at("/sessionAfter/session_id").asString()))
			.endsWith("revoked_logout_all");
	}

	@Test
	void supportViewWhenAdminLooksUpAUserThenSessionsAndTimelinesAndEndingOneIsRecorded() {
		String username = "dave-account";
		String admin = "support-admin";
		String adminPassword = gatehouse.createUser(admin, List.of("admin"));
		JsonNode seen = run("account-admin", username, Map.of("userAgentA", WINDOWS_CHROME, "userAgentB", LINUX_FIREFOX,
				"admin", Map.of("username", admin, "password", adminPassword), "screenshots",
				Map.of("admin", screenshot("account-support.png"))));

		assertThat(seen.at("/notAdmin/status").asInt()).isEqualTo(403);
		assertThat(seen.at("/notAdmin/text").asString()).contains("This page is for administrators");
		JsonNode found = seen.get("found");
		assertThat(found.get("heading").asString()).isEqualTo("Sessions of " + username);
		JsonNode session = card(found.get("live"), seen.get("userSession").asString());
		assertThat(session.get("device").asString()).isEqualTo("Firefox 133 on Linux");
		assertThat(session.get("thisDevice").asBoolean()).as("not the administrator's device").isFalse();
		assertThat(strings(session.get("timeline")).get(0)).startsWith("Signed in from Firefox 133 on Linux, 127.0.0.1");
		assertThat(seen.at("/afterEnd/notice").asString()).isEqualTo("The session is ended; this is recorded as your action.");
		JsonNode ended = card(seen.at("/afterEnd/ended"), seen.get("userSession").asString());
		assertThat(ended.get("why").asString()).isEqualTo("Ended by an administrator.");
		assertThat(strings(ended.get("timeline"))).last().asString().contains("ended by administrator " + admin);
		assertThat(seen.get("userApiBefore").asInt()).isEqualTo(200);
		assertThat(seen.at("/userApiAfter/status").asInt()).isEqualTo(401);
		assertThat(seen.at("/userApiAfter/body/reason").asString()).isEqualTo("revoked_admin");
		assertThat(seen.get("cspViolations")).isEmpty();
		JsonNode action = gatehouse.admin().actions().get(0);
		assertThat(action.get("action").asString()).isEqualTo("session_ended");
		assertThat(action.get("actor_username").asString()).isEqualTo(admin);
		assertThat(action.get("target_username").asString()).isEqualTo(username);
		assertThat(action.get("detail").asString()).contains(seen.get("userSession").asString());
		assertThat(Path.of(screenshot("account-support.png"))).exists();
	}

	@Test
	void accountFormsWhenPostedFromAnotherOriginThenRefusedAndNothingEnds() {
		String username = "erin-account";
		JsonNode seen = run("account-cross-site-post", username, Map.of("userAgentA", WINDOWS_CHROME, "otherSitePort",
				OTHER_SITE_PORT, "newPassword", "Never-set-" + java.util.UUID.randomUUID()));

		for (String form : List.of("endOthers", "endOne", "password", "everywhere")) {
			JsonNode attempt = seen.at("/attempts/" + form);
			assertThat(attempt.get("status").asInt()).as("%s posted from another origin: %s", form, attempt).isEqualTo(403);
			assertThat(attempt.at("/body/error").asString()).isEqualTo("csrf_refused");
		}
		assertThat(seen.at("/stillSignedIn/signed_in").asBoolean()).isTrue();
		assertThat(seen.at("/after/live")).hasSize(1);
		assertThat(seen.at("/after/ended")).isEmpty();
	}

	private static JsonNode run(String scenario, String username, Map<String, Object> extra) {
		return BrowserScript.run(scenario, input(username, gatehouse.createUser(username), extra), Duration.ofSeconds(120));
	}

	private static Map<String, Object> input(String username, String password, Map<String, Object> extra) {
		Map<String, Object> input = new HashMap<>(Map.of("gateway", gatehouse.issuer(), "username", username, "password",
				password));
		input.putAll(extra);
		return input;
	}

	/** {@code POST /auth/login} through the gateway from a device with {@code userAgent}; fails unless 200. */
	private static JsonNode passwordLogin(String username, String password, String clientId, String userAgent) {
		JsonMapper json = JsonMapper.builder().build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(gatehouse.issuer() + "/auth/login"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("User-Agent", userAgent)
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
					Map.of("username", username, "password", password, "client_id", clientId))))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("login of %s: %s", username, response.body()).isEqualTo(200);
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode card(JsonNode cards, String sessionId) {
		return cards.valueStream()
			.filter((card) -> sessionId.equals(card.get("id").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no card of session " + sessionId + " in " + cards));
	}

	private static String screenshot(String name) {
		return SCREENSHOTS.resolve(name).toString();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}

package io.gatehouse.e2e.browser;

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
 * The CSRF check where SameSite gives no help: a gateway configured with
 * {@code same-site: None} (an app embedded in another site's page, say) lets Chromium send the
 * session cookie with another site's POST, so only the gateway's {@code Sec-Fetch-Site} /
 * {@code Origin} check stands between that page and the upstream. With the default {@code Lax}
 * (see {@link BrowserModeInChromiumIntegrationTests}) the browser keeps the cookie from other sites itself.
 * A fresh Chromium profile blocks cookies on another site's subrequests altogether (even
 * {@code SameSite=None}), so this browser's profile allows third-party cookies, as browsers that
 * still do; the other site's form post is a top-level navigation and carries the cookie either way.
 * A 403 is the gateway's answer to a cookie it refuses (without one it answers 401).
 */
class CrossSiteCookieIntegrationTests {

	static final int OTHER_SITE_PORT = Gatehouse.freePort();

	static RecordingUpstream upstream;

	static Gatehouse gatehouse;

	static ScenarioControl control;

	@BeforeAll
	static void start() {
		BrowserScript.checkInstalled();
		upstream = RecordingUpstream.start();
		gatehouse = Gatehouse.inSchema("browser_cross_site")
			.gateway(Map.of("gatehouse.gateway.browser.same-site", "None"))
			.demoApp()
			.route("test-api", upstream.url(), "/api/**", Map.of())
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
	void postWhenAnotherSiteSendsItWithSameSiteNoneCookieThen403CsrfRefusedAndUpstreamNeverReached() {
		String username = "heidi-cross-site";
		String password = gatehouse.createUser(username);
		JsonNode seen = BrowserScript.run("cross-site-post", Map.of("gateway", gatehouse.issuer(), "username", username,
				"password", password, "controlUrl", control.url(), "otherSitePort", OTHER_SITE_PORT,
				"allowThirdPartyCookies", true));

		assertThat(seen.at("/sameOrigin/status").asInt()).as("same-origin POST: %s", seen.get("sameOrigin")).isEqualTo(200);
		assertThat(upstream.received("POST", "/api/same-origin-post")).hasSize(1);
		JsonNode cookie = BrowserModeInChromiumIntegrationTests.cookie(seen.get("cookiesAfter"), BrowserModeInChromiumIntegrationTests.SESSION_COOKIE);
		assertThat(cookie.get("sameSite").asString()).isEqualTo("None");
		for (String site : List.of("sameSite", "crossSite")) {
			JsonNode attempts = seen.at("/attempts/" + site);
			for (String by : List.of("fetch", "form")) {
				JsonNode attempt = attempts.get(by);
				assertThat(attempt.get("status").asInt()).as("%s POST from %s: %s", by, attempts.get("origin"), attempt)
					.isEqualTo(403);
				assertThat(attempt.get("origin").asString()).isEqualTo(attempts.get("origin").asString());
			}
			assertThat(attempts.at("/form/body/error").asString()).isEqualTo("csrf_refused");
		}
		assertThat(upstream.received("POST", "/api/transfer")).as("refused requests reaching the upstream").isEmpty();
		assertThat(seen.at("/stillSignedIn/body/signed_in").asBoolean()).isTrue();
		assertThat(seen.get("apiAfter").asInt()).isEqualTo(200);
	}

}

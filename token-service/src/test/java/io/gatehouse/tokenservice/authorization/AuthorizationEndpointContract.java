package io.gatehouse.tokenservice.authorization;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import io.gatehouse.tokenservice.support.AuthorizationFlow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization endpoint and the login page, on PostgreSQL and on the embedded store: no
 * redirect for an unknown client or redirect URI, every other error redirected with its code,
 * {@code state} and {@code iss}; the login form's headers, failures, CSRF binding and single use.
 */
public abstract class AuthorizationEndpointContract extends AuthorizationIntegrationTest {

	@Test
	void authorizeWhenClientUnknownOrMissingThenErrorPageAndNoRedirect() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "no-such-client", APP_REDIRECT);
		expectErrorPage(flow.authorize(flow.parameters("openid")), "Unknown application");
		Map<String, String> missing = flow.parameters("openid");
		missing.remove("client_id");
		expectErrorPage(flow.authorize(missing), "Unknown application");
	}

	@Test
	void authorizeWhenRedirectUriMissingOrNotExactlyRegisteredThenErrorPageAndNoRedirect() {
		for (String redirect : new String[] { null, APP_REDIRECT + "/", APP_REDIRECT + "?x=1", APP_REDIRECT + "#f",
				"https://APP.example.test/callback", "https://app.example.test/callbacks", OTHER_REDIRECT,
				"http://app.example.test/callback", "http://127.0.0.1:8123/other", "http://localhost:8123/native-callback",
				"io.gatehouse.test:/callback/more", "https://evil.example/?" + APP_REDIRECT }) {
			AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", redirect);
			expectErrorPage(flow.authorize(flow.parameters("openid")), "Invalid redirect");
		}
	}

	@Test
	void authorizeWhenLoopbackOnAnyPortOrPrivateUseSchemeThenAccepted() {
		for (String redirect : new String[] { "http://127.0.0.1:53124/native-callback",
				"http://127.0.0.1/native-callback", "http://127.0.0.1:1/native-callback", "io.gatehouse.test:/callback" }) {
			String code = new AuthorizationFlow(this.http, "app", redirect).start("openid")
				.signIn(createUser("native"), PASSWORD)
				.get("code");
			assertThat(code).as(redirect).isNotBlank();
		}
	}

	@Test
	void authorizeWhenConfidentialClientsLoopbackOnAnotherPortThenErrorPage() {
		AuthorizationFlow other = new AuthorizationFlow(this.http, "server", "http://127.0.0.1:53124/server-callback");
		expectErrorPage(other.authorize(other.parameters("openid")), "Invalid redirect");
		AuthorizationFlow exact = new AuthorizationFlow(this.http, "server", "http://127.0.0.1/server-callback");
		assertThat(exact.start("openid").signIn(createUser("srvloop"), PASSWORD)).containsKey("code");
	}

	@Test
	void authorizeWhenNoPkceOrPlainOrMalformedChallengeThenRedirectWithInvalidRequestStateAndIss() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		Map<String, String> noChallenge = flow.parameters("openid");
		noChallenge.remove("code_challenge");
		noChallenge.remove("code_challenge_method");
		Map<String, String> plain = flow.parameters("openid");
		plain.put("code_challenge_method", "plain");
		plain.put("code_challenge", flow.verifier);
		Map<String, String> noMethod = flow.parameters("openid");
		noMethod.remove("code_challenge_method");
		Map<String, String> shortChallenge = flow.parameters("openid");
		shortChallenge.put("code_challenge", "abc");
		for (Map<String, String> parameters : java.util.List.of(noChallenge, plain, noMethod, shortChallenge)) {
			Map<String, String> error = expectErrorRedirect(flow.authorize(parameters), APP_REDIRECT);
			assertThat(error).containsEntry("error", "invalid_request")
				.containsEntry("state", flow.state)
				.containsEntry("iss", ISSUER)
				.containsKey("error_description");
		}
	}

	@Test
	void authorizeWhenOtherProblemsThenRedirectWithTheirCodes() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		Map<String, String> token = flow.parameters("openid");
		token.put("response_type", "token");
		assertThat(expectErrorRedirect(flow.authorize(token), APP_REDIRECT)).containsEntry("error",
				"unsupported_response_type");
		Map<String, String> scope = flow.parameters("openid admin");
		assertThat(expectErrorRedirect(flow.authorize(scope), APP_REDIRECT)).containsEntry("error", "invalid_scope");
		AuthorizationFlow server = new AuthorizationFlow(this.http, "server", SERVER_REDIRECT);
		assertThat(expectErrorRedirect(server.authorize(server.parameters("openid api")), SERVER_REDIRECT))
			.containsEntry("error", "invalid_scope");
		Map<String, String> none = flow.parameters("openid");
		none.put("prompt", "none");
		assertThat(expectErrorRedirect(flow.authorize(none), APP_REDIRECT)).containsEntry("error", "login_required");
		AuthorizationFlow legacy = new AuthorizationFlow(this.http, "legacy", "https://legacy.example.test/cb");
		assertThat(expectErrorRedirect(legacy.authorize(legacy.parameters("api")), "https://legacy.example.test/cb"))
			.containsEntry("error", "unauthorized_client")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void authorizeWhenStateTooLongThenErrorRedirectDoesNotEchoIt() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT);
		Map<String, String> parameters = flow.parameters("openid");
		parameters.put("state", "s".repeat(2000));

		Map<String, String> redirect = expectErrorRedirect(flow.authorize(parameters), APP_REDIRECT);

		assertThat(redirect).containsEntry("error", "invalid_request").doesNotContainKey("state");
	}

	@Test
	void loginPageWhenRequestValidThenFormNamingTheAppWithStrictHeaders() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		String page = flow.loginPage()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self' "
					+ "https://app.example.test; frame-ancestors 'none'; base-uri 'none'")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectHeader()
			.valueEquals("Cache-Control", "no-store")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<form method=\"post\">")
			.contains("<h1>Sign in to Example Notes</h1>")
			.contains("<label for=\"username\">")
			.contains("id=\"username\" name=\"username\" autocomplete=\"username\"")
			.contains("<label for=\"password\">")
			.contains("id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\"")
			.contains("<button type=\"submit\">Sign in</button>")
			.doesNotContain("<script")
			.doesNotContain("style=");
		this.http.get().uri("/signin/gatehouse.css").exchange().expectStatus().isOk();
	}

	/**
	 * The page moved from {@code /login} to {@code /signin}: {@code /login} belongs to the gateway's
	 * browser mode now, so the token service must not answer it with the page or its stylesheet.
	 */
	@Test
	void loginPageWhenOldLoginPathThenNotFound() {
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		this.http.get().uri("/login?request={id}", flow.requestId()).exchange().expectStatus().isNotFound();
		this.http.post()
			.uri("/login?request={id}", flow.requestId())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("request=" + flow.requestId() + "&username=nobody&password=x")
			.exchange()
			.expectStatus()
			.isNotFound();
		this.http.get().uri("/login/gatehouse.css").exchange().expectStatus().isNotFound();
		flow.loginPage().expectStatus().isOk();
	}

	@Test
	void loginWhenWrongPasswordOrUnknownUserThenSamePageWithAlertAndFailureRecorded() {
		String user = createUser("page");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");

		String wrong = flow.submit(user, "not-the-password").expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();
		String unknown = flow.submit("nobody-" + user, "not-the-password").expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();

		assertThat(wrong).contains("role=\"alert\"").contains(">Unknown username or wrong password<")
			.contains("value=\"" + user + "\"");
		assertThat(unknown.replace("nobody-" + user, user)).isEqualTo(wrong);
		JsonNode failures = adminRead("/admin/users/{username}/failed-logins", user);
		assertThat(failures).hasSize(1);
		assertThat(failures.get(0).get("client_id").asString()).isEqualTo("app");
		assertThat(failures.get(0).get("reason").asString()).isEqualTo("wrong_password");
		assertThat(flow.signIn(user, PASSWORD)).containsKey("code");
	}

	@Test
	void loginWhenBrowserCookieMissingOrOtherThenRefusedWithoutCode() {
		String user = createUser("csrf");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		flow.useCookie(null);
		flow.submit(user, PASSWORD).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
		flow.useCookie(AuthorizationFlow.randomString(32));
		flow.submit(user, PASSWORD).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
	}

	@Test
	void loginWhenFormSentTwiceOrRequestExpiredThenExpiredPageAndNoSecondCode() {
		String user = createUser("twice");
		AuthorizationFlow flow = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		flow.signIn(user, PASSWORD);
		flow.submit(user, PASSWORD).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");

		AuthorizationFlow late = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		this.clock.advance(Duration.ofMinutes(10));
		late.loginPage().expectStatus().isBadRequest();
		late.submit(user, PASSWORD).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
	}

}

package io.gatehouse.tokenservice.authorization;

import java.net.URI;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.tokenservice.support.AuthorizationFlow;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the authorization code flow's contracts: an https issuer and clients of every kind (a
 * public {@code app} with https, loopback and private-use redirects, another public client, a
 * confidential {@code server}, a {@code legacy} client without the code grant).
 */
@TestPropertySource(properties = { "gatehouse.issuer=https://id.example.test",
		"gatehouse.clients.app.display-name=Example Notes",
		"gatehouse.clients.app.redirect-uris[0]=" + AuthorizationIntegrationTest.APP_REDIRECT,
		"gatehouse.clients.app.redirect-uris[1]=http://127.0.0.1/native-callback",
		"gatehouse.clients.app.redirect-uris[2]=io.gatehouse.test:/callback",
		"gatehouse.clients.app.scopes=openid,profile,api",
		"gatehouse.clients.app.post-logout-redirect-uris[0]=" + AuthorizationIntegrationTest.APP_SIGNED_OUT,
		"gatehouse.clients.other.redirect-uris[0]=" + AuthorizationIntegrationTest.OTHER_REDIRECT,
		"gatehouse.clients.other.scopes=openid,api",
		"gatehouse.clients.server.secret-hash=" + TokenServiceIntegrationTest.SERVICE_SECRET_HASH,
		"gatehouse.clients.server.redirect-uris[0]=" + AuthorizationIntegrationTest.SERVER_REDIRECT,
		"gatehouse.clients.server.redirect-uris[1]=http://127.0.0.1/server-callback",
		"gatehouse.clients.server.scopes=openid",
		"gatehouse.clients.legacy.grant-types=password_login,refresh_token",
		"gatehouse.clients.legacy.redirect-uris[0]=https://legacy.example.test/cb" })
public abstract class AuthorizationIntegrationTest extends TokenServiceIntegrationTest {

	public static final String ISSUER = "https://id.example.test";

	public static final String APP_REDIRECT = "https://app.example.test/callback";

	public static final String APP_SIGNED_OUT = "https://app.example.test/signed-out";

	public static final String OTHER_REDIRECT = "https://other.example.test/cb";

	public static final String SERVER_REDIRECT = "https://server.example.test/login/oauth2/code/gatehouse";

	public static void expectErrorPage(WebTestClient.ResponseSpec response, String title) {
		String page = response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.doesNotExist("Location")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).contains("<h1>" + title + "</h1>");
	}

	public static Map<String, String> expectErrorRedirect(WebTestClient.ResponseSpec response, String redirectUri) {
		URI location = response.expectStatus().isSeeOther().expectBody().isEmpty().getResponseHeaders().getLocation();
		assertThat(location.toString()).startsWith(redirectUri + "?");
		return AuthorizationFlow.query(location);
	}

	public static void expectInvalidGrant(WebTestClient.ResponseSpec response) {
		response.expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
	}

}

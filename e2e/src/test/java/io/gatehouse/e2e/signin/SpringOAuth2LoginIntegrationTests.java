package io.gatehouse.e2e.signin;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

import io.gatehouse.e2e.support.BrowserScript;
import io.gatehouse.e2e.support.Gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's {@code oauth2Login} as the relying party, unmodified: a WebFlux app with one
 * client registration whose {@code issuer-uri} is the gateway (discovery at startup, PKCE, state,
 * nonce, RFC 9207 {@code iss} and the ID token's signature and claims are all Spring's checks), a
 * confidential client ({@code client_secret_basic}) as a server-side app is. Chromium signs in
 * through it on the hosted login page and sees the app's page naming the signed-in user.
 * The app runs on {@code localhost} and Gatehouse on {@code 127.0.0.1}, so their cookies stay
 * apart as two real sites' would (cookies ignore ports).
 */
class SpringOAuth2LoginIntegrationTests {

	static final String CLIENT = "e2e-spring-app";

	static final String SECRET = "e2e-spring-app-secret-" + UUID.randomUUID();

	static final int APP_PORT = Gatehouse.freePort();

	static final String APP_URL = "http://localhost:" + APP_PORT;

	static Gatehouse gatehouse;

	static ConfigurableApplicationContext relyingParty;

	@BeforeAll
	static void start() {
		BrowserScript.checkInstalled();
		String client = "gatehouse.clients." + CLIENT + ".";
		gatehouse = Gatehouse.start("browser_spring_rp", Map.of(client + "display-name", "Spring Test App",
				client + "redirect-uris[0]", APP_URL + "/login/oauth2/code/gatehouse",
				client + "secret-hash", "{bcrypt}" + new BCryptPasswordEncoder().encode(SECRET)));
		String registration = "--spring.security.oauth2.client.registration.gatehouse.";
		relyingParty = new SpringApplicationBuilder(RelyingParty.class).run("--server.address=127.0.0.1",
				"--server.port=" + APP_PORT, "--spring.main.banner-mode=off",
				registration + "client-id=" + CLIENT, registration + "client-secret=" + SECRET,
				registration + "client-authentication-method=client_secret_basic",
				registration + "authorization-grant-type=authorization_code",
				registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
				registration + "scope=openid,profile",
				"--spring.security.oauth2.client.provider.gatehouse.issuer-uri=" + gatehouse.issuer());
	}

	@AfterAll
	static void stop() {
		if (relyingParty != null) {
			relyingParty.close();
		}
		if (gatehouse != null) {
			gatehouse.close();
		}
	}

	@Test
	void oauth2LoginWhenUserSignsInOnHostedPageThenSpringAppShowsAuthenticatedUser() {
		String username = "grace-spring";
		String password = gatehouse.createUser(username);

		JsonNode seen = BrowserScript.run("spring-relying-party",
				Map.of("relyingPartyUrl", APP_URL + "/", "username", username, "password", password));

		assertThat(seen.get("loginPageUrl").asString()).startsWith(gatehouse.issuer() + "/");
		assertThat(seen.get("landedOn").asString()).isEqualTo(APP_URL + "/");
		assertThat(seen.get("pageText").asString()).contains("Signed in as " + username)
			.contains("issuer " + gatehouse.issuer())
			.contains("client " + CLIENT);
	}

	/** The relying party: every page needs a signed-in user; {@code /} shows who it is. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class RelyingParty {

		@Bean
		SecurityWebFilterChain security(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
				.oauth2Login(Customizer.withDefaults())
				.build();
		}

		@Bean
		RouterFunction<ServerResponse> home() {
			return RouterFunctions.route().GET("/", (request) -> request.principal()
				.cast(OAuth2AuthenticationToken.class)
				.flatMap((authentication) -> {
					OidcUser user = (OidcUser) authentication.getPrincipal();
					String page = "<!doctype html><title>Spring test app</title><p>Signed in as "
							+ HtmlUtils.htmlEscape(user.getPreferredUsername()) + "</p><p>issuer "
							+ HtmlUtils.htmlEscape(String.valueOf(user.getIssuer())) + "</p><p>client "
							+ HtmlUtils.htmlEscape(String.join(",", user.getAudience())) + "</p>";
					return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page);
				}))
				.build();
		}

	}

}

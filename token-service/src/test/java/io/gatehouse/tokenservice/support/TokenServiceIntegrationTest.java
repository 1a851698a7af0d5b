package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Base of the token service's integration tests: the real application on a random port against
 * a real store (each concrete class picks PostgreSQL or the embedded store with
 * {@code @DynamicPropertySource} and {@link TestDatabase}), a {@link MutableClock}, a bootstrap
 * admin, and a confidential client {@code service} with secret {@link #SERVICE_SECRET}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "gatehouse.bootstrap-admin.username=" + TokenServiceIntegrationTest.ADMIN,
				"gatehouse.bootstrap-admin.password=" + TokenServiceIntegrationTest.ADMIN_PASSWORD,
				"gatehouse.clients.service.secret-hash=" + TokenServiceIntegrationTest.SERVICE_SECRET_HASH,
				"gatehouse.clients.service.reuse-grace=0s", "gatehouse.clients.service.audience=internal",
				"gatehouse.clients.service.grant-types=password_login,refresh_token",
				"gatehouse.sessions.purge-interval=1h", "gatehouse.signing.check-interval=1h" })
@AutoConfigureWebTestClient
@Import(TestClockConfiguration.class)
public abstract class TokenServiceIntegrationTest {

	public static final String ADMIN = "root-admin";

	public static final String ADMIN_PASSWORD = "bootstrap-admin-pass-0";

	public static final String SERVICE_SECRET = "service-secret-for-tests";

	/** bcrypt of {@link #SERVICE_SECRET}, as an operator would put it in configuration. */
	public static final String SERVICE_SECRET_HASH = "{bcrypt}$2a$10$jlexxUg8wghNZEqInTWNAeJuWuI6EQkUFxTv/R02wd4.RVTU.qcC6";

	public static final String PASSWORD = "a-long-test-password";

	@Autowired
	protected WebTestClient http;

	@Autowired
	protected MutableClock clock;

	@BeforeEach
	void allowSlowArgon2() {
		// The auto-configured client shares the service's 16 KiB codec limit for requests; answers such as a
		// user's whole timeline are larger, and reading them is not what that limit is for.
		this.http = this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	/** A new user with a unique name and {@link #PASSWORD}, created through the admin API. */
	protected String createUser(String prefix, String... roles) {
		String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.http.post()
			.uri("/admin/users")
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", PASSWORD, "roles", List.of(roles)))
			.exchange()
			.expectStatus()
			.isCreated();
		return username;
	}

	protected String adminAccessToken() {
		return login(ADMIN, ADMIN_PASSWORD, "web").get("access_token").asString();
	}

	/** Logs in and returns the token response; fails the test unless it is 200. */
	protected JsonNode login(String username, String password, String clientId) {
		return this.http.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", clientId))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Logs in through the confidential {@code service} client (audience {@code internal}, no reuse
	 * grace) and returns the token response; fails the test unless it is 200.
	 */
	protected JsonNode loginAsServiceClient(String username, String password) {
		return this.http.post()
			.uri("/auth/login")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password, "client_id", "service"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** {@code POST /oauth2/token} with {@code grant_type=refresh_token} for a public client. */
	protected WebTestClient.ResponseSpec refresh(String refreshToken, String clientId) {
		return this.http.post()
			.uri("/oauth2/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "refresh_token")
				.with("refresh_token", refreshToken)
				.with("client_id", clientId))
			.exchange();
	}

	/** Refreshes and returns the response; fails the test unless it is 200. */
	protected JsonNode refreshed(String refreshToken, String clientId) {
		return refresh(refreshToken, clientId).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The user's timeline as an admin reads it ({@code GET /admin/users/{username}/events}). */
	protected JsonNode adminTimeline(String username) {
		return adminRead("/admin/users/{username}/events", username);
	}

	/** An admin's {@code GET} of {@code path} (with {@code {username}}); fails the test unless it is 200. */
	protected JsonNode adminRead(String path, String username) {
		return this.http.get()
			.uri(path, username)
			.headers((headers) -> headers.setBearerAuth(adminAccessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** The reasons of the session's timeline, read by an admin (the user's own token may be revoked). */
	protected List<String> timelineReasons(JsonNode login) {
		return SessionTimeline.reasons(adminTimeline(SessionTimeline.claim(login, "preferred_username")),
				login.get("session_id").asString());
	}

	/** A request with the bearer access token of {@code tokenResponse}. */
	protected WebTestClient.RequestHeadersSpec<?> withToken(WebTestClient.RequestHeadersSpec<?> request, JsonNode tokenResponse) {
		return request.headers((headers) -> headers.setBearerAuth(tokenResponse.get("access_token").asString()));
	}

}

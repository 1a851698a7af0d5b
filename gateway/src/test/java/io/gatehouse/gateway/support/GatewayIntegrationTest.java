package io.gatehouse.gateway.support;

import java.time.Duration;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the gateway's integration tests: the real gateway on a random port, a stub token
 * service serving a JWKS with {@link #KEY} (RSA) and {@link #EC_KEY} (P-256), and a recording
 * upstream behind five routes: {@code /api/**} (token required), {@code /public/**}
 * ({@code auth: public}), {@code /scoped/**} (scopes {@code read write}), {@code /admin-only/**}
 * (role {@code admin}) and {@code /no-forward/**} ({@code forward-authorization: false}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class GatewayIntegrationTest {

	protected static final RSAKey KEY = TestKeys.rsa();

	protected static final ECKey EC_KEY = TestKeys.ec256();

	protected static final StubTokenService tokenService = new StubTokenService(KEY, EC_KEY);

	protected static final RecordingUpstream upstream = new RecordingUpstream();

	@Autowired
	protected WebTestClient http;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("gatehouse.gateway.token-service-uri", tokenService::url);
		registry.add("gatehouse.gateway.issuer", () -> TestTokens.ISSUER);
		registry.add("gatehouse.gateway.jwks-min-refetch-interval", () -> "1s");
		// The stub token service has no revocation feed; session modes are tested against the real one.
		registry.add("gatehouse.gateway.default-mode", () -> "stateless");
		registry.add("gatehouse.gateway.revocation-feed.enabled", () -> "false");
		route(registry, 0, "api", "/api/**", null, null);
		route(registry, 1, "public", "/public/**", "auth", "public");
		route(registry, 2, "scoped", "/scoped/**", "scopes", "read write");
		route(registry, 3, "admin-only", "/admin-only/**", "roles", "admin");
		route(registry, 4, "no-forward", "/no-forward/**", "forward-authorization", "false");
	}

	private static void route(DynamicPropertyRegistry registry, int index, String id, String path, String metadataKey,
			String metadataValue) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
		registry.add(prefix + "id", () -> id);
		registry.add(prefix + "uri", upstream::url);
		registry.add(prefix + "predicates[0]", () -> "Path=" + path);
		if (metadataKey != null) {
			registry.add(prefix + "metadata." + metadataKey, () -> metadataValue);
		}
	}

	@BeforeEach
	void clearUpstream() {
		upstream.clear();
		this.http = this.http.mutate().responseTimeout(Duration.ofSeconds(20)).build();
	}

	/** A valid token signed with {@link #KEY}. */
	protected static TestTokens token() {
		return TestTokens.accessToken().signedWith(KEY);
	}

	protected WebTestClient.ResponseSpec get(String path, String token) {
		return this.http.get().uri(path).headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).exchange();
	}

	/** 401 invalid_token with this reason in the challenge and the body; the upstream never called. */
	protected void expectRejected(String token, String reason) {
		get("/api/resource", token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate",
					"Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"" + reason + "\"")
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_token")
			.jsonPath("$.error_description").isEqualTo(reason);
		org.assertj.core.api.Assertions.assertThat(upstream.received()).as("upstream calls").isEmpty();
	}

}

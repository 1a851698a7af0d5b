package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.gatehouse.tokenservice.TokenServiceApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The token service started the way an operator starts it: {@link SpringApplicationBuilder} with
 * command-line properties (which win over {@code application.yml}, as environment variables do),
 * on a random port, with the bootstrap admin of {@link TokenServiceIntegrationTest}. For tests that
 * stop and start the service on the same database, or that expect startup to fail.
 */
public final class TokenServiceInstance implements AutoCloseable {

	private static final Map<String, String> DEFAULTS = Map.of("server.port", "0", "management.server.port", "0",
			"gatehouse.bootstrap-admin.username", TokenServiceIntegrationTest.ADMIN,
			"gatehouse.bootstrap-admin.password", TokenServiceIntegrationTest.ADMIN_PASSWORD,
			"gatehouse.sessions.purge-interval", "1h", "gatehouse.signing.check-interval", "1h",
			"spring.main.banner-mode", "off");

	private final ConfigurableApplicationContext context;

	private final WebTestClient http;

	private TokenServiceInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	/** Starts the service with {@code properties} on top of the defaults; throws what startup throws. */
	public static TokenServiceInstance start(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
		all.putAll(properties);
		List<String> args = new ArrayList<>();
		all.forEach((key, value) -> args.add("--" + key + "=" + value));
		return new TokenServiceInstance(new SpringApplicationBuilder(TokenServiceApplication.class, OwnNettyResources.class)
			.run(args.toArray(String[]::new)));
	}

	/**
	 * Starts the service expecting startup to fail, and returns the messages of the failure and
	 * its causes, outermost first (what an operator reads in the log); fails the test if it starts.
	 */
	public static List<String> startupFailureMessages(Map<String, String> properties) {
		Throwable failure = catchThrowable(() -> start(properties).close());
		assertThat(failure).as("startup fails").isNotNull();
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return messages;
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/** The management (actuator) port. */
	public int managementPort() {
		return this.context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	public WebTestClient http() {
		return this.http;
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** Logs the bootstrap admin in with {@code clientId}; fails the test unless it is 200. */
	public JsonNode loginAsAdmin(String clientId) {
		return this.http.post()
			.uri("/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", TokenServiceIntegrationTest.ADMIN, "password",
					TokenServiceIntegrationTest.ADMIN_PASSWORD, "client_id", clientId))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** {@code POST /oauth2/token} with {@code grant_type=refresh_token} for a public client. */
	public WebTestClient.ResponseSpec refresh(String refreshToken, String clientId) {
		return this.http.post()
			.uri("/oauth2/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("grant_type", "refresh_token")
				.with("refresh_token", refreshToken)
				.with("client_id", clientId))
			.exchange();
	}

	/** The JWK set document as published now. */
	public String jwks() {
		return this.http.get()
			.uri("/oauth2/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Netty event loops of its own, so closing this instance does not dispose the JVM-wide resources
	 * that the test contexts Spring keeps open still run on (closing it then could hang for ever in
	 * {@code ReactorResourceFactory.stop}).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

}

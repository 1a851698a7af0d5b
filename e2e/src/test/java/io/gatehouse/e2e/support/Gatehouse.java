package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.gatehouse.testsupport.TestPostgres;

/**
 * The real Gatehouse as a client meets it: the token-service jar on PostgreSQL (a fresh schema,
 * dropped on {@link #close()}) and the gateway jar in front of it, both processes on loopback
 * ports, the gateway's URL being the issuer (as in development). Clients are the test's own,
 * given as {@code gatehouse.clients.*} properties; {@link #createUser} adds a user through the
 * admin API.
 */
public final class Gatehouse implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ADMIN = "e2e-admin";

	private static final String ADMIN_PASSWORD = "Harness-" + UUID.randomUUID();

	private final String schema;

	private final int gatewayPort;

	private final int tokenServicePort;

	private final List<ServiceJar> processes = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Gatehouse(String schema) {
		this.schema = schema;
		this.gatewayPort = freePort();
		this.tokenServicePort = freePort();
	}

	/**
	 * Starts both services in schema {@code schema} with these extra token-service properties
	 * (keys without the leading {@code --}, e.g. {@code gatehouse.clients.page.redirect-uris[0]}).
	 */
	public static Gatehouse start(String schema, Map<String, String> tokenServiceProperties) {
		Gatehouse gatehouse = new Gatehouse(schema);
		try {
			gatehouse.startProcesses(tokenServiceProperties);
			return gatehouse;
		}
		catch (RuntimeException ex) {
			gatehouse.close();
			throw ex;
		}
	}

	/** The gateway's URL: the issuer, and where every client and browser goes. */
	public String issuer() {
		return "http://127.0.0.1:" + this.gatewayPort;
	}

	/** The token service's own URL (behind the gateway). */
	public String tokenServiceUrl() {
		return "http://127.0.0.1:" + this.tokenServicePort;
	}

	/** Creates a user without roles with a generated strong password, which it returns. */
	public String createUser(String username) {
		String password = "Sign-in-" + UUID.randomUUID();
		String admin = post("/auth/login", Map.of("username", ADMIN, "password", ADMIN_PASSWORD, "client_id", "web"), null, 200)
			.get("access_token").asString();
		post("/admin/users", Map.of("username", username, "password", password, "roles", List.of()), admin, 201);
		return password;
	}

	@Override
	public void close() {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			this.processes.get(i).close();
		}
		this.processes.clear();
		TestPostgres.execute("drop schema if exists " + this.schema + " cascade");
	}

	private void startProcesses(Map<String, String> tokenServiceProperties) {
		Path logs;
		try {
			logs = Files.createTempDirectory("gatehouse-browser-e2e");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TestPostgres.execute("drop schema if exists " + this.schema + " cascade");
		TestPostgres.execute("create schema " + this.schema);
		int tokenServiceManagement = freePort();
		List<String> tokenService = new ArrayList<>(List.of("--server.address=127.0.0.1",
				"--server.port=" + this.tokenServicePort, "--management.server.address=127.0.0.1",
				"--management.server.port=" + tokenServiceManagement, "--gatehouse.issuer=" + issuer(),
				"--gatehouse.data-dir=" + logs, "--gatehouse.bootstrap-admin.username=" + ADMIN,
				"--gatehouse.bootstrap-admin.password=" + ADMIN_PASSWORD,
				"--spring.r2dbc.url=" + TestPostgres.r2dbcUrl(this.schema),
				"--spring.r2dbc.username=" + TestPostgres.user(), "--spring.r2dbc.password=" + TestPostgres.password()));
		tokenServiceProperties.forEach((key, value) -> tokenService.add("--" + key + "=" + value));
		this.processes.add(ServiceJar.start("token-service", tokenService,
				URI.create("http://127.0.0.1:" + tokenServiceManagement + "/actuator/health/readiness"), logs,
				Duration.ofSeconds(120)));
		int gatewayManagement = freePort();
		List<String> gateway = List.of("--server.address=127.0.0.1", "--server.port=" + this.gatewayPort,
				"--management.server.address=127.0.0.1", "--management.server.port=" + gatewayManagement,
				"--gatehouse.gateway.token-service-uri=" + tokenServiceUrl(), "--gatehouse.gateway.issuer=" + issuer(),
				"--gatehouse.gateway.jwks-uri=" + tokenServiceUrl() + "/oauth2/jwks");
		this.processes.add(ServiceJar.start("gateway", gateway,
				URI.create("http://127.0.0.1:" + gatewayManagement + "/actuator/health/readiness"), logs,
				Duration.ofSeconds(120)));
	}

	private JsonNode post(String path, Object body, String bearer, int expectedStatus) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenServiceUrl() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A port free now on loopback; the processes are started with it right away. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package io.gatehouse.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real token service, started from its executable jar ({@code token-service/target/token-service.jar},
 * built earlier in the reactor) as a separate process on a free loopback port with a fresh
 * embedded store, and stopped with the test class.
 */
public final class TokenServiceProcess implements AutoCloseable {

	public static final String ADMIN = "e2e-admin";

	public static final String ADMIN_PASSWORD = "end-to-end-secret-7";

	private final Process process;

	private final int port;

	private final int managementPort;

	private final Path log;

	public TokenServiceProcess() {
		this(null);
	}

	/**
	 * The same against the given store: {@code database} holds the token service's
	 * {@code spring.r2dbc.*} arguments, or {@code null} for a fresh embedded store.
	 */
	public TokenServiceProcess(List<String> database) {
		this(database, List.of());
	}

	/**
	 * The same with more {@code --name=value} arguments; one that names a default's setting (such
	 * as {@code --gatehouse.issuer}) replaces it.
	 */
	public TokenServiceProcess(List<String> database, List<String> arguments) {
		Path jar = Path.of("..", "token-service", "target", "token-service.jar").toAbsolutePath().normalize();
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar + " is missing: build the token service first (./mvnw verify builds it "
					+ "before the gateway)");
		}
		try {
			this.port = freePort();
			this.managementPort = freePort();
			Path data = Files.createTempDirectory("gatehouse-e2e");
			this.log = data.resolve("token-service.log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar.toString(),
					"--server.port=" + this.port, "--management.server.port=" + this.managementPort,
					"--gatehouse.issuer=" + url(), "--gatehouse.data-dir=" + data,
					"--gatehouse.bootstrap-admin.username=" + ADMIN, "--gatehouse.bootstrap-admin.password=" + ADMIN_PASSWORD));
			command.addAll((database != null) ? database
					: List.of("--spring.r2dbc.url=r2dbc:h2:file:///" + data.resolve("gatehouse")));
			for (String argument : arguments) {
				String name = argument.substring(0, argument.indexOf('=') + 1);
				command.removeIf((existing) -> existing.startsWith(name));
				command.add(argument);
			}
			this.process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
			// Generous: on a loaded 2-core machine the jar has been seen to take 90 s to start.
			awaitHealthy(Duration.ofSeconds(240));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Actuator (health, metrics): on its own port, as in production. */
	public String managementUrl() {
		return "http://127.0.0.1:" + this.managementPort;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
	}

	private void awaitHealthy(Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The token service exited; see " + this.log);
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) URI.create(managementUrl() + "/actuator/health").toURL().openConnection();
				connection.setConnectTimeout(500);
				if (connection.getResponseCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("The token service did not become healthy; see " + this.log);
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}


}

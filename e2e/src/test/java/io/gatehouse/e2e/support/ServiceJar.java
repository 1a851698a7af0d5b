package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the project's executable jars ({@code <module>/target/<module>.jar}, built earlier in the
 * reactor) run as a process with the given arguments, its output in a log file, ready once its
 * readiness probe answers 200, and stopped (then waited for) on {@link #close()}.
 */
public final class ServiceJar implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private ServiceJar(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code ../<module>/target/<module>.jar} and waits (at most {@code limit}) until
	 * {@code readiness} answers 200.
	 */
	public static ServiceJar start(String module, List<String> arguments, URI readiness, Path logDirectory,
			Duration limit) {
		return start(module, arguments, readiness, logDirectory, limit, module);
	}

	/**
	 * The same, logging to {@code <logName>.log} (appended to, so a process started again keeps
	 * the earlier run's lines): the name tells apart two processes of one module.
	 */
	public static ServiceJar start(String module, List<String> arguments, URI readiness, Path logDirectory,
			Duration limit, String logName) {
		Path jar = Path.of("..", module, "target", module + ".jar").toAbsolutePath().normalize();
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar + " is missing: build it first (./mvnw verify builds the " + module
					+ " module before e2e; alone: ./mvnw -q -pl " + module + " -am package -DskipTests)");
		}
		Path log = logDirectory.resolve(logName + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			ServiceJar service = new ServiceJar(logName, process, log);
			service.awaitReady(readiness, limit);
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The file its standard output and error go to. */
	public Path log() {
		return this.log;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReady(URI readiness, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The " + this.name + " exited; see " + this.log);
			}
			if (answersOk(readiness)) {
				return;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException(ex);
			}
		}
		close();
		throw new IllegalStateException("The " + this.name + " was not ready within " + limit + "; see " + this.log);
	}

	private static boolean answersOk(URI uri) {
		try {
			HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
			connection.setConnectTimeout(500);
			connection.setReadTimeout(2000);
			try {
				return connection.getResponseCode() == 200;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

}

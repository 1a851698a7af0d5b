package io.gatehouse.k8s.support;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * One pod of a rendered Deployment run as a process on this machine: the module's jar
 * ({@code ../<module>/target/<module>.jar}, what the image holds) started as the image's entry point
 * would ({@code java -jar}), with exactly the container's environment and arguments. What a cluster
 * would add, the test adds: the cluster's DNS as the pod's own {@code /etc/hosts} (as the kubelet
 * mounts one into every pod): the process runs in a mount namespace of its own ({@code unshare
 * --mount}, util-linux; with {@code --map-root-user} when not root) where the given hosts file is
 * bind-mounted over {@code /etc/hosts}, which both the JDK's resolver (JDBC, Flyway) and Netty's (R2DBC,
 * Reactor Netty's HTTP client) read first, while the machine's own file stays as it is;
 * {@code -XX:MaxRAM} set to the container's memory limit (the JVM in the container sees the limit as its
 * memory, so {@code -XX:MaxRAMPercentage} sizes the heap from it); and
 * {@code server.address}/{@code management.server.address} 127.0.0.1 so that nothing listens beyond
 * loopback. The container ports are bound as declared. The working
 * directory stands for the read-only root filesystem: {@link #wroteOutsideTmp()} says whether anything
 * was written there.
 */
public final class PodProcess implements AutoCloseable {

	private static final Pattern QUANTITY = Pattern.compile("(\\d+)(Ki|Mi|Gi)?");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final JsonNode container;

	private final Process process;

	private final Path root;

	private final Path log;

	private PodProcess(String name, JsonNode container, Process process, Path root, Path log) {
		this.name = name;
		this.container = container;
		this.process = process;
		this.root = root;
		this.log = log;
	}

	/**
	 * Starts the first container of {@code deployment} as {@code module}'s jar with {@code environment}
	 * (from {@link ContainerEnvironment}) and waits until its readiness probe answers 200, for at most
	 * what its startup probe allows.
	 */
	public static PodProcess start(String module, JsonNode deployment, Map<String, String> environment, Path hostsFile,
			Path logs) {
		JsonNode container = deployment.at("/spec/template/spec/containers/0");
		if (container.has("command")) {
			throw new AssertionError(module + ": the container replaces the image's entry point (command), which this test does not run");
		}
		Path jar = Path.of("..", module, "target", module + ".jar").toAbsolutePath().normalize();
		if (!Files.exists(jar)) {
			throw new AssertionError(jar + " is missing: build it first (./mvnw verify builds " + module
					+ " before k8s; alone: ./mvnw -pl " + module + " -am package -DskipTests)");
		}
		requireFreePorts(module, deployment);
		List<String> command = new ArrayList<>(withHostsFile(hostsFile));
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:MaxRAM=" + bytes(container.at("/resources/limits/memory").asString()), "-jar", jar.toString()));
		for (JsonNode argument : container.path("args")) {
			command.add(ContainerEnvironment.expand(argument.asString(), environment));
		}
		command.add("--server.address=127.0.0.1");
		command.add("--management.server.address=127.0.0.1");
		try {
			Path root = Files.createTempDirectory("k8s-pod-" + module);
			Path log = logs.resolve(module + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			// A container's environment is what the manifest gives, nothing inherited from this machine.
			builder.environment().clear();
			builder.environment().putAll(environment);
			PodProcess pod = new PodProcess(module, container, builder.start(), root, log);
			pod.awaitReady();
			return pod;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The container as rendered. */
	public JsonNode container() {
		return this.container;
	}

	/** The container port named {@code name}. */
	public int port(String name) {
		for (JsonNode port : this.container.path("ports")) {
			if (name.equals(port.path("name").asString())) {
				return port.path("containerPort").asInt();
			}
		}
		throw new AssertionError(this.name + " declares no container port " + name);
	}

	/** The container port a probe's (or a Service's target) {@code port} means: a number or a port name. */
	public int resolvePort(JsonNode port) {
		return port.isNumber() ? port.asInt() : port(port.asString());
	}

	/** The log its output goes to. */
	public Path log() {
		return this.log;
	}

	/** Whether the process wrote anything into its working directory (in the pod: the read-only root). */
	public boolean wroteOutsideTmp() {
		try (var files = Files.list(this.root)) {
			return files.findAny().isPresent();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** GET http://127.0.0.1:{port}{path}: its status, or -1 when nothing answers. */
	public static int statusOf(int port, String path) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void awaitReady() {
		JsonNode startup = this.container.path("startupProbe");
		JsonNode readiness = this.container.path("readinessProbe").path("httpGet");
		long budgetSeconds = startup.path("initialDelaySeconds").asLong(0)
				+ startup.path("periodSeconds").asLong(10) * startup.path("failureThreshold").asLong(3);
		int port = resolvePort(readiness.path("port"));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(budgetSeconds);
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("The " + this.name + " exited (" + this.process.exitValue() + "); see " + this.log);
			}
			if (statusOf(port, readiness.path("path").asString()) == 200) {
				return;
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		close();
		throw new AssertionError("The " + this.name + " was not ready within its startup probe's " + budgetSeconds + " s; see " + this.log);
	}

	/** The command prefix that runs what follows with {@code hostsFile} as its {@code /etc/hosts}. */
	private static List<String> withHostsFile(Path hostsFile) {
		List<String> prefix = new ArrayList<>(List.of("unshare", "--mount"));
		if (!"root".equals(System.getProperty("user.name"))) {
			prefix.add("--map-root-user");
		}
		// unshare execs the shell in the new mount namespace, and the shell execs java: the process is the JVM.
		prefix.addAll(List.of("--", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", hostsFile.toString()));
		return prefix;
	}

	/** Fails, naming the port and what to do, when a container port of {@code deployment} is taken on loopback. */
	public static void requireFreePorts(String module, JsonNode deployment) {
		for (JsonNode port : deployment.at("/spec/template/spec/containers/0/ports")) {
			requireFree(module, port.path("containerPort").asInt());
		}
	}

	private static void requireFree(String module, int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new AssertionError("Port " + port + " (a container port of the " + module + " in the manifests) is taken on "
					+ "127.0.0.1: this test starts the services on the ports the manifests declare. Stop what listens "
					+ "there (ss -ltnp 'sport = :" + port + "') and run it again.");
		}
	}

	static long bytes(String quantity) {
		Matcher matcher = QUANTITY.matcher(quantity);
		if (!matcher.matches()) {
			throw new AssertionError("Memory limit " + quantity + " is not a quantity this test reads (Ki, Mi, Gi)");
		}
		long factor = switch (String.valueOf(matcher.group(2))) {
			case "Ki" -> 1L << 10;
			case "Mi" -> 1L << 20;
			case "Gi" -> 1L << 30;
			default -> 1L;
		};
		return Long.parseLong(matcher.group(1)) * factor;
	}

}

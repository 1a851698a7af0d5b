package io.gatehouse.bench.modes;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One of the system's services, started from its executable jar, logging to a file. */
final class JavaProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private JavaProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	static JavaProcess start(String name, Path jar, String heap, Map<String, String> env, List<String> args, Path logDir)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (heap != null) {
			command.add("-Xmx" + heap);
		}
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(args);
		Path log = logDir.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(env);
		return new JavaProcess(name, builder.start(), log);
	}

	long pid() {
		return this.process.pid();
	}

	/** Waits until {@code url} answers 200; fails if the process exits or the limit passes. */
	JavaProcess awaitReady(String url, Duration limit) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + this.log);
			}
			try {
				HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
				connection.setConnectTimeout(500);
				connection.setReadTimeout(2000);
				if (connection.getResponseCode() == 200) {
					return this;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			sleep(Duration.ofMillis(200));
		}
		throw new IllegalStateException(this.name + " not ready at " + url + "; see " + this.log);
	}

	/** Kills the process at once, as a crash would. */
	void crash() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			crash();
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** utime + stime of a process in milliseconds, from /proc/PID/stat (clock ticks of 10 ms). */
	static long cpuMillis(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}

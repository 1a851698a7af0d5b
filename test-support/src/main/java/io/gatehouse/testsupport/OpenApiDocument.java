package io.gatehouse.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The OpenAPI description a service serves on its management port, and its committed copy under
 * {@code docs/openapi/}: each service's test fetches the one, compares it with the other, and with
 * {@code -Dgatehouse.openapi.update=true} rewrites the copy first.
 */
public final class OpenApiDocument {

	private OpenApiDocument() {
	}

	/** {@code GET http://127.0.0.1:<managementPort>/actuator/openapi}, which must answer 200. */
	public static String fetch(int managementPort) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/openapi"))
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (response.statusCode() != 200) {
				throw new AssertionError("/actuator/openapi answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new AssertionError("/actuator/openapi could not be fetched", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while fetching /actuator/openapi", ex);
		}
	}

	/**
	 * Fails unless {@code committed} holds exactly {@code generated}; rewrites it first when the
	 * system property {@code gatehouse.openapi.update} is true.
	 */
	public static void assertCommittedCopyIs(Path committed, String generated) throws IOException {
		if (Boolean.getBoolean("gatehouse.openapi.update")) {
			Files.writeString(committed, generated, StandardCharsets.UTF_8);
		}
		if (!Files.exists(committed)) {
			throw new AssertionError(committed + " does not exist; generate it with -Dgatehouse.openapi.update=true");
		}
		if (!Files.readString(committed, StandardCharsets.UTF_8).equals(generated)) {
			throw new AssertionError(committed + " is out of date; regenerate it with -Dgatehouse.openapi.update=true "
					+ "(see the test's javadoc)");
		}
	}

}

package io.gatehouse.k8s.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documents an overlay renders to, as {@code kubectl kustomize} (the check's kubectl 1.33, through
 * {@code check/render.mjs}) prints them, with the look-ups a test needs: an object by kind and name, a
 * Deployment by the {@code app.kubernetes.io/name} of its pods.
 */
public final class RenderedOverlay {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<JsonNode> documents;

	private RenderedOverlay(List<JsonNode> documents) {
		this.documents = documents;
	}

	/** Renders {@code directory} (relative to {@code k8s/}, e.g. {@code overlays/dev}). */
	public static RenderedOverlay render(String directory) {
		NodeScript.Result result = NodeScript.run("render.mjs", List.of(directory), Duration.ofMinutes(2));
		if (result.exitCode() != 0) {
			throw new AssertionError("Rendering " + directory + " failed (exit " + result.exitCode() + "):\n" + result.errors());
		}
		List<JsonNode> documents = new ArrayList<>();
		JSON.readTree(result.output()).forEach((document) -> documents.add(document));
		return new RenderedOverlay(documents);
	}

	/** Every document of {@code kind}. */
	public List<JsonNode> ofKind(String kind) {
		return this.documents.stream().filter((document) -> kind.equals(document.path("kind").asString())).toList();
	}

	/** The document of {@code kind} named {@code name}, if rendered. */
	public Optional<JsonNode> named(String kind, String name) {
		return ofKind(kind).stream().filter((document) -> name.equals(document.path("metadata").path("name").asString())).findFirst();
	}

	/** Key {@code key} of the rendered Secret {@code name}, decoded; fails when it is not rendered. */
	public String secretValue(String name, String key) {
		JsonNode value = named("Secret", name).map((secret) -> secret.path("data").get(key))
			.orElseThrow(() -> new AssertionError("The overlay renders no Secret " + name + " with key " + key));
		// Kustomize wraps long base64 values; the API server's decoder skips the line breaks, so does this one.
		return new String(Base64.getMimeDecoder().decode(value.asString()), StandardCharsets.UTF_8);
	}

	/** The Deployment whose pods are labelled {@code app.kubernetes.io/name: <app>}; fails when there is none. */
	public JsonNode deployment(String app) {
		return ofKind("Deployment").stream()
			.filter((deployment) -> app.equals(deployment.at("/spec/template/metadata/labels").path("app.kubernetes.io/name").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The overlay has no Deployment of " + app));
	}

}

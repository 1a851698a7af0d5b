package io.gatehouse.k8s.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A container's environment as the kubelet builds it from the rendered documents: {@code envFrom}
 * first (every key of the ConfigMap or Secret, with its prefix), then {@code env} in order, a later
 * entry replacing an earlier one; {@code secretKeyRef} and {@code configMapKeyRef} read from the
 * rendered (generated) Secrets and ConfigMaps, Secret data base64-decoded; {@code $(VAR)} in a value
 * expanded from the variables defined before it, {@code $$} a literal {@code $}, an undefined
 * reference left as written. A reference to something not rendered fails, unless it is optional.
 * Secret values can be replaced first ({@link #withSecretValue}), as the test does for the database
 * the operator would have made.
 */
public final class ContainerEnvironment {

	private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

	private final RenderedOverlay overlay;

	private final Map<String, Map<String, String>> secretValues = new LinkedHashMap<>();

	private ContainerEnvironment(RenderedOverlay overlay) {
		this.overlay = overlay;
	}

	/** Resolution against the documents of {@code overlay}. */
	public static ContainerEnvironment in(RenderedOverlay overlay) {
		return new ContainerEnvironment(overlay);
	}

	/** Reads {@code value} for key {@code key} of Secret {@code secret} instead of what the overlay holds. */
	public ContainerEnvironment withSecretValue(String secret, String key, String value) {
		this.secretValues.computeIfAbsent(secret, (name) -> new LinkedHashMap<>()).put(key, value);
		return this;
	}

	/** The environment of {@code container} (a container of a rendered pod template), in definition order. */
	public Map<String, String> of(JsonNode container) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (JsonNode source : container.path("envFrom")) {
			String prefix = source.path("prefix").asString("");
			if (source.has("configMapRef")) {
				allKeys("ConfigMap", source.get("configMapRef"), prefix, variables);
			}
			if (source.has("secretRef")) {
				allKeys("Secret", source.get("secretRef"), prefix, variables);
			}
		}
		for (JsonNode entry : container.path("env")) {
			String name = entry.path("name").asString();
			JsonNode from = entry.get("valueFrom");
			if (from == null) {
				variables.put(name, expand(entry.path("value").asString(""), variables));
			}
			else if (from.has("secretKeyRef")) {
				key("Secret", from.get("secretKeyRef")).ifPresent((value) -> variables.put(name, value));
			}
			else if (from.has("configMapKeyRef")) {
				key("ConfigMap", from.get("configMapKeyRef")).ifPresent((value) -> variables.put(name, value));
			}
			else {
				throw new AssertionError("Variable " + name + " comes from " + from + ", which only a cluster can fill in");
			}
		}
		return variables;
	}

	/** Kubernetes' {@code $(VAR)} expansion of {@code text} with {@code variables}. */
	public static String expand(String text, Map<String, String> variables) {
		Matcher matcher = REFERENCE.matcher(text);
		StringBuilder expanded = new StringBuilder();
		while (matcher.find()) {
			String replacement = matcher.group().equals("$$") ? "$"
					: variables.getOrDefault(matcher.group(1), matcher.group());
			matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
		}
		return matcher.appendTail(expanded).toString();
	}

	private void allKeys(String kind, JsonNode reference, String prefix, Map<String, String> variables) {
		String name = reference.path("name").asString();
		Optional<JsonNode> source = this.overlay.named(kind, name);
		if (source.isEmpty()) {
			if (!reference.path("optional").asBoolean(false)) {
				throw new AssertionError(kind + " " + name + " is not in the rendered overlay");
			}
			return;
		}
		JsonNode data = source.get().path("data");
		data.propertyNames().forEach((key) -> variables.put(prefix + key, value(kind, name, key, data.get(key))));
	}

	private Optional<String> key(String kind, JsonNode reference) {
		String name = reference.path("name").asString();
		String key = reference.path("key").asString();
		JsonNode value = this.overlay.named(kind, name).map((source) -> source.path("data").get(key)).orElse(null);
		if (value == null && !overridden(name, key)) {
			if (reference.path("optional").asBoolean(false)) {
				return Optional.empty();
			}
			throw new AssertionError(kind + " " + name + " (key " + key + ") is not in the rendered overlay");
		}
		return Optional.of(value(kind, name, key, value));
	}

	private boolean overridden(String secret, String key) {
		return this.secretValues.getOrDefault(secret, Map.of()).containsKey(key);
	}

	private String value(String kind, String name, String key, JsonNode value) {
		if (kind.equals("ConfigMap")) {
			return value.asString();
		}
		return overridden(name, key) ? this.secretValues.get(name).get(key) : this.overlay.secretValue(name, key);
	}

}

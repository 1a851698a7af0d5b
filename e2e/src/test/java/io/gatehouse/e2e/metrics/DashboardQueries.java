package io.gatehouse.e2e.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of a Grafana dashboard (every panel target's {@code expr}, the templating queries)
 * and, for each metric it names, the labels it relies on: in selectors ({@code {client=~"$client"}})
 * and in {@code by (…)} / {@code label_values(metric, label)}. Only the metrics Gatehouse exports and
 * the HTTP server metrics are collected ({@code gatehouse_*}, {@code http_server_requests_*});
 * {@code job} and {@code instance} are Prometheus's own labels, not the services'.
 */
final class DashboardQueries {

	static final Set<String> PROMETHEUS_LABELS = Set.of("job", "instance");

	private static final Pattern SELECTOR = Pattern.compile("((?:gatehouse|http_server_requests)_[a-zA-Z0-9_]*)\\s*(\\{([^}]*)\\})?");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

	private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)\\s*\\(([^;]*)");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z0-9_]+)\\s*,\\s*([a-zA-Z0-9_]+)\\s*\\)");

	private final List<String> expressions;

	private DashboardQueries(List<String> expressions) {
		this.expressions = expressions;
	}

	static DashboardQueries read(Path dashboard) {
		try {
			JsonNode root = JsonMapper.builder().build().readTree(Files.readString(dashboard));
			List<String> expressions = new ArrayList<>();
			for (JsonNode panel : root.path("panels")) {
				for (JsonNode target : panel.path("targets")) {
					expressions.add(target.path("expr").asString());
				}
			}
			for (JsonNode variable : root.path("templating").path("list")) {
				JsonNode query = variable.path("query");
				if (query.isObject()) {
					expressions.add(query.path("query").asString());
				}
			}
			return new DashboardQueries(expressions);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static DashboardQueries of(String... expressions) {
		return new DashboardQueries(List.of(expressions));
	}

	List<String> expressions() {
		return this.expressions;
	}

	/** Each metric the dashboard queries, with the labels its queries need it to carry. */
	Map<String, Set<String>> metricsAndLabels() {
		Map<String, Set<String>> needed = new LinkedHashMap<>();
		for (String expression : this.expressions) {
			Matcher selector = SELECTOR.matcher(expression);
			while (selector.find()) {
				Set<String> labels = needed.computeIfAbsent(selector.group(1), (key) -> new TreeSet<>());
				if (selector.group(3) != null) {
					Matcher label = MATCHER_LABEL.matcher(selector.group(3));
					while (label.find()) {
						labels.add(label.group(1));
					}
				}
			}
			Matcher by = BY.matcher(expression);
			while (by.find()) {
				Matcher inner = SELECTOR.matcher(by.group(2));
				while (inner.find()) {
					for (String label : by.group(1).split(",")) {
						if (!label.isBlank()) {
							needed.get(inner.group(1)).add(label.trim());
						}
					}
				}
			}
			Matcher values = LABEL_VALUES.matcher(expression);
			while (values.find()) {
				needed.computeIfAbsent(values.group(1), (key) -> new TreeSet<>()).add(values.group(2));
			}
		}
		needed.values().forEach((labels) -> labels.removeAll(PROMETHEUS_LABELS));
		return needed;
	}

	/**
	 * What the scrapes do not back: "metric missing" or "metric lacks label x", one line each;
	 * empty when every query of the dashboard can return data.
	 */
	List<String> unbackedBy(List<PrometheusScrape> scrapes) {
		List<String> problems = new ArrayList<>();
		metricsAndLabels().forEach((metric, labels) -> {
			Set<String> exported = new TreeSet<>();
			boolean present = false;
			for (PrometheusScrape scrape : scrapes) {
				if (scrape.metrics().contains(metric)) {
					present = true;
					exported.addAll(scrape.labels(metric));
				}
			}
			if (!present) {
				problems.add(metric + " is not exported");
				return;
			}
			for (String label : labels) {
				if (!exported.contains(label)) {
					problems.add(metric + " has no label " + label + " (it has " + exported + ")");
				}
			}
		});
		return problems;
	}

}

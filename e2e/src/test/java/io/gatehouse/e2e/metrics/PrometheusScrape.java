package io.gatehouse.e2e.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus} in the text exposition format: each series' metric
 * name, its label names, and its value for given labels.
 */
final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final Map<String, Set<String>> labelsByMetric = new HashMap<>();

	private final Map<String, Double> values = new HashMap<>();

	private PrometheusScrape() {
	}

	static PrometheusScrape of(String managementUrl) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(managementUrl + "/actuator/prometheus answered " + response.statusCode());
			}
			return parse(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot scrape " + managementUrl, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static PrometheusScrape parse(String text) {
		PrometheusScrape scrape = new PrometheusScrape();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line);
			if (!sample.matches()) {
				continue;
			}
			String name = sample.group(1);
			Set<String> labels = scrape.labelsByMetric.computeIfAbsent(name, (key) -> new TreeSet<>());
			Map<String, String> pairs = new HashMap<>();
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.add(label.group(1));
					pairs.put(label.group(1), label.group(2));
				}
			}
			scrape.values.put(key(name, pairs), Double.parseDouble(sample.group(4)));
		}
		return scrape;
	}

	/** The metric names this scrape holds. */
	Set<String> metrics() {
		return new LinkedHashSet<>(this.labelsByMetric.keySet());
	}

	/** The label names seen on {@code metric}, or none when it is absent. */
	Set<String> labels(String metric) {
		return this.labelsByMetric.getOrDefault(metric, Set.of());
	}

	/** The sum of every series of {@code metric} whose labels include {@code labels}. */
	double sum(String metric, Map<String, String> labels) {
		double sum = 0;
		for (Map.Entry<String, Double> entry : this.values.entrySet()) {
			if (entry.getKey().startsWith(metric + "{") && labels.entrySet()
				.stream()
				.allMatch((label) -> entry.getKey().contains("," + label.getKey() + "=" + label.getValue() + ","))) {
				sum += entry.getValue();
			}
		}
		return sum;
	}

	private static String key(String name, Map<String, String> labels) {
		StringBuilder key = new StringBuilder(name).append("{,");
		new TreeSet<>(labels.keySet()).forEach((label) -> key.append(label).append('=').append(labels.get(label)).append(','));
		return key.append('}').toString();
	}

}

package io.gatehouse.bench.modes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/** Fills {@code sessions-vs-tokens.md.template} (the model and guidance) with one run's tables. */
record Report(Map<String, GatewayClient.LoadResult> load, Map<String, RevocationDelays> delays,
		Map<String, Outages.Result> tokenServiceDown, Map<String, Outages.Result> postgresDown, String memory, String settings) {

	String tables() {
		StringBuilder summary = new StringBuilder();
		summary.append("| mode | req/s | p50 ms | p99 ms | revocation delay p50 / p99 / max ms "
				+ "| token service down: valid served, revoked accepted | PostgreSQL down: valid served, revoked accepted |\n");
		summary.append("|---|---|---|---|---|---|---|\n");
		for (String mode : this.load.keySet()) {
			GatewayClient.LoadResult result = this.load.get(mode);
			summary.append(String.format(java.util.Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %s | %s | %s |%n", mode,
					result.perSecond(), result.p50Millis(), result.p99Millis(),
					this.delays.get(mode).cells().replace(" | ", " / "), this.tokenServiceDown.get(mode).cells().replace(" | ", ", "),
					this.postgresDown.get(mode).cells().replace(" | ", ", ")));
		}
		StringBuilder cost = new StringBuilder();
		cost.append("| mode | req/s | p50 ms | p99 ms | errors | gateway CPU ms/req | token service CPU ms/req | PostgreSQL CPU ms/req |\n");
		cost.append("|---|---|---|---|---|---|---|---|\n");
		this.load.forEach((mode, result) -> cost.append("| ").append(mode).append(" | ").append(result.cells()).append(" |\n"));
		return summary + "\n" + cost;
	}

	void write(Path doc) throws IOException {
		String template;
		try (InputStream in = Report.class.getResourceAsStream("/sessions-vs-tokens.md.template")) {
			template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String text = template.replace("{{TABLES}}", tables())
			.replace("{{SETTINGS}}", this.settings)
			.replace("{{MEMORY}}", this.memory)
			.replace("{{DATE}}", LocalDate.now().toString())
			.replace("{{CORES}}", Integer.toString(Runtime.getRuntime().availableProcessors()));
		Files.createDirectories(doc.getParent());
		Files.writeString(doc, text);
	}

}

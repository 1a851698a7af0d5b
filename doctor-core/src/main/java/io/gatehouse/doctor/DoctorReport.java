package io.gatehouse.doctor;

import java.util.List;

/**
 * What the configuration doctor found, errors first: rendered as text by the {@code doctor}
 * command and the startup log, and as JSON ({@code {"findings":[{"id","severity","forUsers","setting"}]}})
 * at {@code /actuator/gatehouse-doctor}.
 *
 * @param findings every finding, errors first
 */
public record DoctorReport(List<Finding> findings) {

	/** A report of these findings, copied. */
	public DoctorReport {
		findings = List.copyOf(findings);
	}

	/** Whether some finding is an {@link Finding.Severity#ERROR}. */
	public boolean hasErrors() {
		return !errors().isEmpty();
	}

	/** The {@link Finding.Severity#ERROR} findings. */
	public List<Finding> errors() {
		return this.findings.stream().filter((finding) -> finding.severity() == Finding.Severity.ERROR).toList();
	}

	/**
	 * The report as the {@code doctor} command prints it: a summary line, then one line per finding.
	 * @param service the service the summary line names, such as {@code token service} or {@code gateway}
	 * @return the report as text, one line per finding
	 */
	public String text(String service) {
		long warnings = this.findings.stream().filter((finding) -> finding.severity() == Finding.Severity.WARNING).count();
		StringBuilder text = new StringBuilder(service + " doctor: " + errors().size() + " error(s), " + warnings
				+ " warning(s), " + (this.findings.size() - errors().size() - warnings) + " note(s)\n");
		this.findings.forEach((finding) -> text.append(finding.line()).append('\n'));
		return text.toString();
	}

}

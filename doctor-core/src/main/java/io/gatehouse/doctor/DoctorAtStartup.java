package io.gatehouse.doctor;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the doctor once when the context starts, in a phase the service chooses (before it loads its
 * keys, follows feeds and opens its port): one log line per finding (ERROR, WARN or INFO), and in
 * production mode the service's startup refusal naming every error and its setting, which the service
 * prints as Spring Boot's "APPLICATION FAILED TO START" report. The examination waits at most one
 * minute.
 */
public final class DoctorAtStartup implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DoctorAtStartup.class);

	private static final Duration LIMIT = Duration.ofMinutes(1);

	private final Doctor doctor;

	private final boolean production;

	private final String jar;

	private final int phase;

	private final BiFunction<String, String, ? extends RuntimeException> refusal;

	private volatile boolean running;

	/**
	 * The startup run of this doctor.
	 * @param doctor the doctor to run
	 * @param production whether an error refuses the start
	 * @param jar the service's jar as the refusal names it, such as {@code token-service.jar}
	 * @param phase the {@link SmartLifecycle} phase to run in
	 * @param refusal the service's startup refusal, from what is wrong and what to set
	 */
	public DoctorAtStartup(Doctor doctor, boolean production, String jar, int phase,
			BiFunction<String, String, ? extends RuntimeException> refusal) {
		this.doctor = doctor;
		this.production = production;
		this.jar = jar;
		this.phase = phase;
		this.refusal = refusal;
	}

	@Override
	public void start() {
		DoctorReport report = this.doctor.examine().block(LIMIT);
		report.findings().forEach((finding) -> {
			switch (finding.severity()) {
				case ERROR -> logger.error("Doctor: " + finding.line());
				case WARNING -> logger.warn("Doctor: " + finding.line());
				case INFO -> logger.info("Doctor: " + finding.line());
			}
		});
		if (this.production && report.hasErrors()) {
			throw this.refusal.apply(
					"The configuration doctor found " + report.errors().size() + " error(s) in production mode: "
							+ report.errors().stream().map((error) -> error.id() + ": " + error.forUsers())
								.collect(Collectors.joining(" ")),
					"Change " + report.errors().stream().map(Finding::setting).collect(Collectors.joining("; "))
							+ ". (java -jar " + this.jar + " doctor prints this report without starting.)");
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}

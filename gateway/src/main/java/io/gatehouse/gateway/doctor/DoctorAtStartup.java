package io.gatehouse.gateway.doctor;

import java.time.Duration;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import io.gatehouse.gateway.config.StartupRefusal;

/**
 * Runs the doctor once when the context starts, before the keys are fetched, the revocation feed is
 * followed and the server opens its port: one log line per finding (ERROR, WARN or INFO), and in production mode a
 * {@link StartupRefusal} naming every error and its setting, printed as Spring Boot's "APPLICATION
 * FAILED TO START" report.
 */
final class DoctorAtStartup implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DoctorAtStartup.class);

	private static final Duration LIMIT = Duration.ofMinutes(1);

	private final Doctor doctor;

	private final boolean production;

	private volatile boolean running;

	DoctorAtStartup(Doctor doctor, boolean production) {
		this.doctor = doctor;
		this.production = production;
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
			throw new StartupRefusal(
					"The configuration doctor found " + report.errors().size() + " error(s) in production mode: "
							+ report.errors().stream().map((error) -> error.id() + ": " + error.forUsers())
								.collect(Collectors.joining(" ")),
					"Change " + report.errors().stream().map(Finding::setting).collect(Collectors.joining("; "))
							+ ". (java -jar gateway.jar doctor prints this report without starting.)");
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
		// Before the revocation feed (DEFAULT_PHASE - 8192), the keys and the web server.
		return SmartLifecycle.DEFAULT_PHASE - 16384;
	}

}

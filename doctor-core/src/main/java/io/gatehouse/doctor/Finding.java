package io.gatehouse.doctor;

/**
 * One thing the configuration will do to users, found by a {@link DoctorCheck}: reported at
 * startup (a log line; in production mode an {@link Severity#ERROR} refuses the start), by the
 * service's {@code java -jar <jar> doctor} and at {@code /actuator/gatehouse-doctor}.
 *
 * @param id a stable name such as {@code client.idle-shorter-than-access-token} or
 * {@code route.admin-feed-down-open} (docs/token-service.md and docs/gateway.md, "Doctor")
 * @param severity how bad it is
 * @param forUsers one sentence on what it means for users, naming the client, route or setting and the values
 * @param setting the property (or environment variable) that changes it
 */
public record Finding(String id, Severity severity, String forUsers, String setting) {

	/** How bad a finding is. */
	public enum Severity {

		/** Users will be signed out or left open; production mode refuses to start. */
		ERROR,

		/** Probably not what was meant; logged at WARN. */
		WARNING,

		/** Worth knowing; logged at INFO. */
		INFO

	}

	/** An {@link Severity#ERROR}. */
	public static Finding error(String id, String forUsers, String setting) {
		return new Finding(id, Severity.ERROR, forUsers, setting);
	}

	/** A {@link Severity#WARNING}. */
	public static Finding warning(String id, String forUsers, String setting) {
		return new Finding(id, Severity.WARNING, forUsers, setting);
	}

	/** An {@link Severity#INFO}. */
	public static Finding info(String id, String forUsers, String setting) {
		return new Finding(id, Severity.INFO, forUsers, setting);
	}

	/** An error in production, a warning in development. */
	public static Finding errorInProduction(boolean production, String id, String forUsers, String setting) {
		return new Finding(id, production ? Severity.ERROR : Severity.WARNING, forUsers, setting);
	}

	/** The finding as one line of the report and of the log. */
	public String line() {
		return this.severity + " " + this.id + ": " + this.forUsers + " Setting: " + this.setting;
	}

}

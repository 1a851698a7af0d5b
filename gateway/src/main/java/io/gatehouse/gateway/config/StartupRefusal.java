package io.gatehouse.gateway.config;

/**
 * A setting that makes the gateway refuse to start: what is wrong ({@link #description()}) and what
 * to set ({@link #action()}). {@link StartupRefusalFailureAnalyzer} prints the two as Spring Boot's
 * "APPLICATION FAILED TO START" report, without a stack trace.
 */
public class StartupRefusal extends IllegalStateException {

	private final String description;

	private final String action;

	public StartupRefusal(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	public String description() {
		return this.description;
	}

	public String action() {
		return this.action;
	}

}

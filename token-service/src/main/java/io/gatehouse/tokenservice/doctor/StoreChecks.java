package io.gatehouse.tokenservice.doctor;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;

/**
 * Where sessions are kept: the embedded store in production mode (one file on one machine: no second
 * replica can share it); an embedded store opened so that several processes may share it, or found
 * open in another process; a store that cannot be reached; a schema with migrations not applied
 * (an error only when {@code spring.flyway.enabled=false}, since otherwise the next start applies them).
 */
final class StoreChecks implements DoctorCheck {

	private final StoreAccess store;

	private final boolean production;

	StoreChecks(StoreAccess store, boolean production) {
		this.store = store;
		this.production = production;
	}

	@Override
	public Flux<Finding> findings() {
		StoreSettings settings = this.store.settings();
		Flux<Finding> fromSettings = Flux.empty();
		if (settings.embedded() && this.production) {
			fromSettings = Flux.just(Finding.error("store.embedded-in-production", "All sessions live in one embedded "
					+ "file on this machine (" + settings.redactedUrl() + "): a second replica cannot share them, and "
					+ "users are signed out if the machine or its disk is lost.",
					"SPRING_R2DBC_URL (spring.r2dbc.url), r2dbc:postgresql://host:5432/gatehouse"));
		}
		if (settings.embeddedSharable()) {
			fromSettings = fromSettings.concatWithValues(Finding.warning("store.embedded-shared", "The embedded store is "
					+ "opened so that several processes may share it (" + settings.redactedUrl() + "): when the process "
					+ "holding it stops the others lose the store, and with FILE_LOCK=NO two writers corrupt it, ending "
					+ "users' sessions; replicas need PostgreSQL.", "SPRING_R2DBC_URL (spring.r2dbc.url)"));
		}
		if (!this.store.exists()) {
			return fromSettings.concatWithValues(Finding.info("store.embedded-new", "The embedded store "
					+ settings.embeddedFile().orElseThrow() + " does not exist yet: the first start creates it empty "
					+ "(no users, sessions or signing keys).", "gatehouse.data-dir, SPRING_R2DBC_URL (spring.r2dbc.url)"));
		}
		return fromSettings.concatWith(this.store.reachable()
			.then(Mono.fromCallable(this::pendingMigrations).subscribeOn(Schedulers.boundedElastic()).timeout(StoreAccess.TIMEOUT))
			.flatMapMany(Flux::fromArray)
			.collectList()
			.flatMapMany((pending) -> pending.isEmpty() ? Flux.empty() : Flux.just(notMigrated(pending.toArray(MigrationInfo[]::new))))
			.onErrorResume((failure) -> Flux.just(unreachable(failure))));
	}

	private MigrationInfo[] pendingMigrations() {
		StoreSettings settings = this.store.settings();
		Flyway flyway = Flyway.configure()
			.dataSource(settings.jdbcUrl(), settings.username(), settings.password())
			.locations(settings.flywayLocations().toArray(String[]::new))
			.load();
		return flyway.info().pending();
	}

	private Finding notMigrated(MigrationInfo[] pending) {
		String versions = Arrays.stream(pending).map((info) -> "V" + info.getVersion()).collect(Collectors.joining(", "));
		if (this.store.settings().flywayEnabled()) {
			return Finding.info("store.schema-not-migrated", "The store lacks migrations " + versions + ": the token "
					+ "service applies them when it starts, before it serves anyone.", "spring.flyway.enabled (true)");
		}
		return Finding.error("store.schema-not-migrated", "The store lacks migrations " + versions + " and "
				+ "spring.flyway.enabled=false: sign-ins and refreshes fail on tables or columns that are not there.",
				"spring.flyway.enabled=true, or apply db/migration to the store");
	}

	private Finding unreachable(Throwable failure) {
		String message = withoutSecrets(messages(failure));
		if (message.contains("already in use") || message.contains("90020")) {
			return Finding.warning("store.embedded-in-use", "Another process has the embedded store "
					+ this.store.settings().redactedUrl() + " open (a running token service?): a second token service "
					+ "on it cannot start, and replicas on separate embedded stores do not share users' sessions.",
					"SPRING_R2DBC_URL (spring.r2dbc.url), PostgreSQL for more than one process");
		}
		return Finding.error("store.unreachable", "The store " + this.store.settings().redactedUrl() + " cannot be "
				+ "reached (" + message + "): every sign-in and refresh answers 503 until it can, and the token "
				+ "service cannot start.", "SPRING_R2DBC_URL, SPRING_R2DBC_USERNAME, SPRING_R2DBC_PASSWORD");
	}

	/**
	 * A driver's message may quote the URL it was given, credentials and all (an unknown host
	 * {@code user:password@127.0.0.1}): the password never reaches the report.
	 */
	private String withoutSecrets(String message) {
		String redacted = message.replaceAll("([^\\s/;(,]+):[^@\\s/;()]+@", "$1:***@");
		String password = this.store.settings().password();
		return (password == null || password.isEmpty()) ? redacted : redacted.replace(password, "***");
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable each = failure; each != null && all.length() < 600; each = each.getCause()) {
			if (each.getMessage() != null) {
				all.append((all.length() == 0) ? "" : "; ").append(each.getMessage().lines().findFirst().orElse(""));
			}
		}
		return (all.length() == 0) ? failure.getClass().getSimpleName() : all.toString();
	}

}

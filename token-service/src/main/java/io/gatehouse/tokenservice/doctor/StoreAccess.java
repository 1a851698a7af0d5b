package io.gatehouse.tokenservice.doctor;

import java.nio.file.Files;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The store the checks look at: its settings and a client for it. Reading only: an embedded store
 * that does not exist yet is not opened (that would create it), and nothing is migrated or added.
 */
final class StoreAccess {

	/** The longest a check waits for the store. */
	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final StoreSettings settings;

	private final DatabaseClient db;

	StoreAccess(StoreSettings settings, DatabaseClient db) {
		this.settings = settings;
		this.db = db;
	}

	StoreSettings settings() {
		return this.settings;
	}

	DatabaseClient db() {
		return this.db;
	}

	/** Whether the store exists: false only for an embedded file store not created yet. */
	boolean exists() {
		return this.settings.embeddedFile().map(Files::exists).orElse(true);
	}

	/** Completes when the store answers a query; the error otherwise. */
	Mono<Void> reachable() {
		return this.db.sql("select 1").fetch().first().timeout(TIMEOUT).then();
	}

}

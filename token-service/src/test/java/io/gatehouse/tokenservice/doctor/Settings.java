package io.gatehouse.tokenservice.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SigningProperties;

/**
 * Settings as Spring Boot binds them (relaxed names, durations, defaults), for the checks' unit
 * tests: {@code Settings.of("gatehouse.clients.web.reuse-grace", "0s")}.
 */
final class Settings {

	private final Map<String, Object> values;

	private Settings(Map<String, Object> values) {
		this.values = values;
	}

	static Settings of(String... pairs) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			values.put(pairs[i], pairs[i + 1]);
		}
		return new Settings(values);
	}

	/** A client {@code id} with its settings ({@code name, value, …} under {@code gatehouse.clients.<id>.}). */
	static Settings client(String id, String... pairs) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("gatehouse.clients." + id + ".display-name", id);
		for (int i = 0; i < pairs.length; i += 2) {
			values.put("gatehouse.clients." + id + "." + pairs[i], pairs[i + 1]);
		}
		return new Settings(values);
	}

	Settings with(String name, String value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.values);
		copy.put(name, value);
		return new Settings(copy);
	}

	private Binder binder() {
		return new Binder(new MapConfigurationPropertySource(this.values));
	}

	ClientsProperties clients() {
		return binder().bindOrCreate("gatehouse", ClientsProperties.class);
	}

	GatehouseProperties gatehouse() {
		return binder().bindOrCreate("gatehouse", GatehouseProperties.class);
	}

	SigningProperties signing() {
		return binder().bindOrCreate("gatehouse.signing", SigningProperties.class);
	}

	StoreSettings store() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", this.values));
		return StoreSettings.from(environment);
	}

	/** The findings of {@code check}, in order. */
	static List<Finding> findings(DoctorCheck check) {
		return check.findings().collectList().block(java.time.Duration.ofSeconds(30));
	}

	/** The ids of the findings of {@code check}. */
	static List<String> ids(DoctorCheck check) {
		return findings(check).stream().map(Finding::id).toList();
	}

	/** A client for a store that is never reached (checks that do not need the store). */
	static DatabaseClient unusedDatabase() {
		return DatabaseClient.create(io.r2dbc.spi.ConnectionFactories.get("r2dbc:h2:mem:///unused-" + System.nanoTime()));
	}

}

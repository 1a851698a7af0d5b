package io.gatehouse.tokenservice.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Lets {@code SPRING_R2DBC_URL}, {@code SPRING_R2DBC_USERNAME} and {@code SPRING_R2DBC_PASSWORD}
 * alone choose the database: Flyway's JDBC URL and credentials are derived from the R2DBC ones
 * unless {@code spring.flyway.url} is set explicitly. Added last, so any explicit setting wins.
 */
public final class FlywayFromR2dbcEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "gatehouseFlywayFromR2dbc";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String r2dbcUrl = environment.getProperty("spring.r2dbc.url");
		if (r2dbcUrl == null || r2dbcUrl.isBlank() || environment.containsProperty("spring.flyway.url")) {
			return;
		}
		Map<String, Object> derived = new HashMap<>();
		derived.put("spring.flyway.url", JdbcUrls.fromR2dbc(r2dbcUrl));
		copy(environment, "spring.r2dbc.username", "spring.flyway.user", derived);
		copy(environment, "spring.r2dbc.password", "spring.flyway.password", derived);
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, derived));
	}

	private static void copy(ConfigurableEnvironment environment, String from, String to, Map<String, Object> into) {
		String value = environment.getProperty(from);
		if (value != null && !environment.containsProperty(to)) {
			into.put(to, value);
		}
	}

}

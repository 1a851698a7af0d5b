package io.gatehouse.tokenservice.config;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Lets {@code SPRING_R2DBC_URL}, {@code SPRING_R2DBC_USERNAME} and {@code SPRING_R2DBC_PASSWORD}
 * alone choose the database: {@code spring.flyway.url}, {@code .user} and {@code .password} are
 * derived from the R2DBC settings (the user and password written in the URL when the username or
 * password is not set) whenever they are read, so every source of the R2DBC URL added
 * later (command line, test properties) is followed too. Added last: any explicit Flyway setting
 * wins.
 */
public final class FlywayFromR2dbcEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "gatehouseFlywayFromR2dbc";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new DerivedFlywayProperties(environment));
	}

	private static final class DerivedFlywayProperties extends PropertySource<MutablePropertySources> {

		private static final Map<String, String> FROM_R2DBC = Map.of("spring.flyway.user", "spring.r2dbc.username",
				"spring.flyway.password", "spring.r2dbc.password");

		private final ConfigurableEnvironment environment;

		DerivedFlywayProperties(ConfigurableEnvironment environment) {
			super(SOURCE_NAME, environment.getPropertySources());
			this.environment = environment;
		}

		@Override
		public Object getProperty(String name) {
			if ("spring.flyway.url".equals(name)) {
				String r2dbcUrl = find("spring.r2dbc.url");
				return (r2dbcUrl != null && !r2dbcUrl.isBlank()) ? JdbcUrls.fromR2dbc(r2dbcUrl) : null;
			}
			String r2dbcName = FROM_R2DBC.get(name);
			if (r2dbcName == null) {
				return null;
			}
			String value = find(r2dbcName);
			String r2dbcUrl = find("spring.r2dbc.url");
			if (value != null || r2dbcUrl == null) {
				return value;
			}
			// As r2dbc-postgresql does: credentials written in the URL when no username or password is set.
			JdbcUrls.Credentials inUrl = JdbcUrls.credentials(r2dbcUrl);
			return "spring.flyway.user".equals(name) ? inUrl.user() : inUrl.password();
		}

		/** Reads the other sources directly (not through the environment, which would consult this one again). */
		private String find(String name) {
			for (PropertySource<?> source : getSource()) {
				if (source == this || "configurationProperties".equals(source.getName())) {
					continue;
				}
				Object value = source.getProperty(name);
				if (value != null) {
					return this.environment.resolvePlaceholders(value.toString());
				}
			}
			return null;
		}

	}

}

package io.gatehouse.tokenservice.config;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;

import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Asks PostgreSQL for results in its binary format (r2dbc-postgresql's {@code forceBinary}):
 * timestamps, UUIDs and integers then arrive as fixed-width values instead of text parsed on every
 * row, which is a measurable share of the token service's CPU on the refresh path (each rotation
 * returns a session row with five timestamps). Only when {@code spring.r2dbc.url} is a PostgreSQL
 * URL; the embedded H2 store is left as it is.
 */
@Configuration(proxyBeanMethods = false)
class PostgresBinaryResultsConfiguration {

	@Bean
	ConnectionFactoryOptionsBuilderCustomizer postgresBinaryResults(R2dbcProperties properties) {
		return (builder) -> {
			String url = properties.getUrl();
			if (url != null && (url.contains(":postgresql:") || url.contains(":postgres:"))) {
				builder.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, true);
			}
		};
	}

}

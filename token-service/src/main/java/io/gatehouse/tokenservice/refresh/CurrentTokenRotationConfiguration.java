package io.gatehouse.tokenservice.refresh;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Picks the {@link CurrentTokenRotation} for the configured store: the single-statement form on
 * PostgreSQL, none on the embedded H2 store (which lacks data-modifying CTEs), where every refresh
 * takes the transactional path.
 */
@Configuration(proxyBeanMethods = false)
class CurrentTokenRotationConfiguration {

	@Bean
	CurrentTokenRotation currentTokenRotation(ConnectionFactory connectionFactory, DatabaseClient db) {
		return "PostgreSQL".equalsIgnoreCase(connectionFactory.getMetadata().getName())
				? new PostgresCurrentTokenRotation(db) : CurrentTokenRotation.NONE;
	}

}

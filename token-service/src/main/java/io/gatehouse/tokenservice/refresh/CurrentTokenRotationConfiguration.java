package io.gatehouse.tokenservice.refresh;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.tokenservice.session.SessionProperties;

/**
 * Picks the {@link CurrentTokenRotation} for the configured store: on PostgreSQL one statement per
 * refresh, with concurrent refreshes grouped into one statement ({@link BatchingCurrentTokenRotation});
 * none on the embedded H2 store (which lacks data-modifying
 * CTEs), where every refresh takes the transactional path.
 */
@Configuration(proxyBeanMethods = false)
class CurrentTokenRotationConfiguration {

	@Bean
	CurrentTokenRotation currentTokenRotation(ConnectionFactory connectionFactory, DatabaseClient db,
			SessionProperties properties, MeterRegistry meters, Clock clock) {
		if (!"PostgreSQL".equalsIgnoreCase(connectionFactory.getMetadata().getName())) {
			return CurrentTokenRotation.NONE;
		}
		return new BatchingCurrentTokenRotation(new PostgresBatchRotation(db), properties.rotationStatementsInFlight(), properties.rotationBatchSize(), properties.storeTimeout(),
				meters, clock);
	}

}

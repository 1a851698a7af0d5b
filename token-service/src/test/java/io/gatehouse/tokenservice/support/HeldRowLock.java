package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A row of {@code sessions} locked by a transaction of the test's own, on a connection of its own,
 * until {@link #close()} rolls it back: whatever the application does to that row meanwhile waits,
 * so a request can be made to outlast its store timeout on either store.
 */
public final class HeldRowLock implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final Connection connection;

	private HeldRowLock(Connection connection) {
		this.connection = connection;
	}

	/** Locks the session's row (a no-op update) and holds the lock. */
	public static HeldRowLock onSession(ConnectionFactory factory, UUID sessionId) {
		Connection connection = Mono.from(factory.create()).block(WAIT);
		Mono.from(connection.beginTransaction()).block(WAIT);
		// The id is a UUID we parsed: safe as a literal, and no bind-marker syntax differs between the stores.
		Flux.from(connection.createStatement("update sessions set generation = generation where id = '" + sessionId + "'")
			.execute()).flatMap(Result::getRowsUpdated).blockLast(WAIT);
		return new HeldRowLock(connection);
	}

	@Override
	public void close() {
		Mono.from(this.connection.rollbackTransaction()).then(Mono.from(this.connection.close())).block(WAIT);
	}

}

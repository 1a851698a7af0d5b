package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.Map;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Puts a store's revocation feed back where a backup taken earlier would: the rows written since
 * deleted, the id sequence moved back so the next id is the one after the backup's highest, and the
 * {@code feed_incarnation} row (where the store has one) as it was. What a restore of that backup
 * does to these tables, on either store, without a dump tool.
 */
public final class StoreRewind {

	private static final Duration LIMIT = Duration.ofSeconds(30);

	private final DatabaseClient db;

	private final boolean postgres;

	private StoreRewind(ConnectionFactory connectionFactory) {
		this.db = DatabaseClient.create(connectionFactory);
		this.postgres = "PostgreSQL".equalsIgnoreCase(connectionFactory.getMetadata().getName());
	}

	/** On the store a running service uses. */
	public static StoreRewind of(ConnectionFactory connectionFactory) {
		return new StoreRewind(connectionFactory);
	}

	/** On the store of {@code properties} ({@link TestDatabase#properties(String)}), opened for each statement. */
	public static StoreRewind of(Map<String, String> properties) {
		ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(properties.get("spring.r2dbc.url"))
			.mutate()
			.option(ConnectionFactoryOptions.USER, properties.get("spring.r2dbc.username"))
			.option(ConnectionFactoryOptions.PASSWORD, properties.get("spring.r2dbc.password"))
			.build();
		return new StoreRewind(ConnectionFactories.get(options));
	}

	/** The highest revocation id now, 0 when there is none. */
	public long maxId() {
		return this.db.sql("select max(id) as max_id from session_revocations")
			.map((row) -> {
				Long max = row.get("max_id", Long.class);
				return (max != null) ? max : 0L;
			})
			.one()
			.block(LIMIT);
	}

	/** What a backup taken now holds of the feed. */
	public Backup backup() {
		Map<String, Object> incarnation = this.db.sql("select incarnation, id_floor from feed_incarnation where id = 1")
			.fetch()
			.one()
			// a store from before incarnations has no such table
			.onErrorResume((ex) -> Mono.empty())
			.block(LIMIT);
		return new Backup(maxId(), incarnation);
	}

	/**
	 * Restores {@code backup}: the next id right after it, its incarnation row back, then the rows
	 * after it deleted. In that order, so that a service running on the store sees nothing change
	 * until the restore is whole.
	 */
	public void restore(Backup backup) {
		rewindIds(backup);
		if (backup.incarnation() != null) {
			this.db.sql("update feed_incarnation set incarnation = :incarnation, id_floor = :floor where id = 1")
				.bind("incarnation", backup.incarnation().get("incarnation"))
				.bind("floor", backup.incarnation().get("id_floor"))
				.then()
				.block(LIMIT);
		}
		this.db.sql("delete from session_revocations where id > :max").bind("max", backup.maxId()).then().block(LIMIT);
	}

	/**
	 * Moves only the id sequence back to where it was at {@code backup} (the next id right after it), the
	 * rows untouched: what a standby that missed the rows after it starts from when it is promoted.
	 */
	public void rewindIds(Backup backup) {
		if (this.postgres) {
			this.db.sql("select setval(pg_get_serial_sequence('session_revocations', 'id'), :max, :called)")
				.bind("max", Math.max(1, backup.maxId()))
				.bind("called", backup.maxId() > 0)
				.then()
				.block(LIMIT);
		}
		else {
			this.db.sql("alter table session_revocations alter column id restart with " + (backup.maxId() + 1))
				.then()
				.block(LIMIT);
		}
	}

	/**
	 * The feed's part of a backup.
	 *
	 * @param maxId the highest revocation id then
	 * @param incarnation the {@code feed_incarnation} row then, or {@code null} when the store had none
	 */
	public record Backup(long maxId, Map<String, Object> incarnation) {
	}

}

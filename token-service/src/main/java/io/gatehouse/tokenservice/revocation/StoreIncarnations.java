package io.gatehouse.tokenservice.revocation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The store's feed incarnation, in the one row of {@code feed_incarnation}, shared by every
 * token-service replica of the store. Invariant: within one incarnation no id of
 * {@code session_revocations} is handed out twice, even across a restore from an older backup, so
 * a gateway's cursor of this incarnation never hides a revocation written after it.
 *
 * <p>It holds by two moves. At every start ({@link #open(Instant)}) the id sequence is moved up to
 * the start time in microseconds when it is behind it: ids are taken at far fewer than one per
 * microsecond, so every id handed out before that start, by any replica and in any history a backup
 * came from, is below it (the limit: a clock more than the restore's age behind the clocks of the
 * replicas that wrote the lost ids). And when a poller sees the store went back past that floor all
 * the same (its ids now end below what the poller read, or an id it read now holds another row:
 * {@link #observedBy(List)}), the incarnation is {@link #renew(String, Instant) renewed}, so every
 * gateway's cursor of the old one reads the feed from the start. Only what the server itself reads
 * renews it: a cursor a client sends never does, whatever it claims.
 */
@Component
final class StoreIncarnations {

	private static final String SELECT = "select f.incarnation, f.id_floor, (select max(id) from session_revocations) as max_id";

	private static final String FROM = " from feed_incarnation f where f.id = 1";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final boolean postgres;

	private final Counter queries;

	StoreIncarnations(DatabaseClient db, TransactionalOperator transaction, ConnectionFactory connectionFactory,
			MeterRegistry meters) {
		this.db = db;
		this.transaction = transaction;
		this.queries = meters.counter("gatehouse.revocation.feed.queries");
		this.postgres = "PostgreSQL".equalsIgnoreCase(connectionFactory.getMetadata().getName());
	}

	/**
	 * The incarnation now (one query, counted in {@code gatehouse.revocation.feed.queries}); an error
	 * if the store was never {@link #open(Instant) opened}.
	 */
	Mono<StoreIncarnation> current() {
		return Mono.defer(() -> {
			this.queries.increment();
			return read();
		});
	}

	/**
	 * The incarnation now, and the lowest of the {@code read} ids that now holds another session than
	 * the one read there: one query (primary-key lookups of at most {@link RowsRead#CAPACITY} ids
	 * beside the incarnation), counted in {@code gatehouse.revocation.feed.queries}.
	 */
	Mono<Observed> observedBy(List<RowsRead.Fingerprint> read) {
		return Mono.defer(() -> {
			this.queries.increment();
			StringBuilder reused = new StringBuilder();
			for (int i = 0; i < read.size(); i++) {
				reused.append((i == 0) ? "" : " or ").append("(r.id = :id").append(i)
					.append(" and r.session_id <> :sid").append(i).append(')');
			}
			String sql = read.isEmpty() ? SELECT + FROM
					: SELECT + ", (select min(r.id) from session_revocations r where " + reused + ") as reused_id" + FROM;
			DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql);
			for (int i = 0; i < read.size(); i++) {
				spec = spec.bind("id" + i, read.get(i).id()).bind("sid" + i, read.get(i).sessionId());
			}
			return spec
				.map((row) -> new Observed(incarnation(row), read.isEmpty() ? null : row.get("reused_id", Long.class)))
				.one()
				.switchIfEmpty(Mono.error(StoreIncarnations::notOpened));
		});
	}

	private Mono<StoreIncarnation> read() {
		return this.db.sql(SELECT + FROM)
			.map(StoreIncarnations::incarnation)
			.one()
			.switchIfEmpty(Mono.error(StoreIncarnations::notOpened));
	}

	private static StoreIncarnation incarnation(Readable row) {
		long floor = row.get("id_floor", Long.class);
		Long max = row.get("max_id", Long.class);
		return new StoreIncarnation(row.get("incarnation", String.class), Math.max(floor, (max != null) ? max : 0));
	}

	private static IllegalStateException notOpened() {
		return new IllegalStateException("the store has no feed incarnation yet");
	}

	/**
	 * Creates the incarnation on a store that has none (the first start on it; replicas starting at
	 * once agree on the one that was written first), then moves the id sequence up to
	 * {@code now} in microseconds. Run at every start, before the service takes requests.
	 */
	Mono<StoreIncarnation> open(Instant now) {
		return create().then(raiseFloor(now)).then(read());
	}

	/**
	 * Replaces incarnation {@code from} with a new one, unless another replica did so already, and
	 * moves the id sequence up to {@code now}: for a store found to have gone back.
	 */
	Mono<StoreIncarnation> renew(String from, Instant now) {
		return this.db.sql("update feed_incarnation set incarnation = :next where id = 1 and incarnation = :from")
			.bind("next", UUID.randomUUID().toString())
			.bind("from", from)
			.fetch()
			.rowsUpdated()
			.then(raiseFloor(now))
			.then(read());
	}

	private Mono<Void> create() {
		return this.db.sql("insert into feed_incarnation (id, incarnation, id_floor) "
				+ "select 1, :incarnation, 0 where not exists (select 1 from feed_incarnation)")
			.bind("incarnation", UUID.randomUUID().toString())
			.fetch()
			.rowsUpdated()
			// another replica inserted it between the check and the insert: theirs is the incarnation
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.just(0L))
			.then();
	}

	private Mono<Void> raiseFloor(Instant now) {
		long floor = ChronoUnit.MICROS.between(Instant.EPOCH, now);
		Mono<Void> sequence = this.postgres ? raisePostgresSequence(floor) : raiseH2Sequence(floor);
		return sequence.then(this.db.sql("update feed_incarnation set id_floor = :floor where id = 1 and id_floor < :floor")
			.bind("floor", floor)
			.fetch()
			.rowsUpdated()
			.then());
	}

	/**
	 * Under a table lock that holds off inserts (which take their id after locking the table), so no
	 * id is taken between reading the sequence and moving it; the wait is bounded.
	 */
	private Mono<Void> raisePostgresSequence(long floor) {
		String sequence = "pg_get_serial_sequence('session_revocations', 'id')";
		return this.transaction.transactional(this.db.sql("set local lock_timeout = '5s'")
			.then()
			.then(this.db.sql("lock table session_revocations in exclusive mode").then())
			.then(this.db.sql("select setval(" + sequence + ", :floor) where :floor > "
					+ "coalesce(pg_sequence_last_value(" + sequence + "::regclass), 0)")
				.bind("floor", floor)
				.then()));
	}

	/** The embedded store has one process, which does this before it serves. */
	private Mono<Void> raiseH2Sequence(long floor) {
		return this.db.sql("select identity_base from information_schema.columns "
				+ "where table_schema = current_schema and table_name = 'SESSION_REVOCATIONS' and column_name = 'ID'")
			.map((row) -> row.get("identity_base", Long.class))
			.one()
			.filter((next) -> next <= floor)
			.flatMap((next) -> this.db.sql("alter table session_revocations alter column id restart with " + (floor + 1))
				.then());
	}

	/**
	 * What one poll sees of the store.
	 *
	 * @param store the incarnation now
	 * @param reusedId the lowest id the poller read that now holds another session (the store went
	 * back and handed it out again), or {@code null}
	 */
	record Observed(StoreIncarnation store, Long reusedId) {
	}

}

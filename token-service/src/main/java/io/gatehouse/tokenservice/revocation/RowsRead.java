package io.gatehouse.tokenservice.revocation;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The newest rows one poller has read, each by its id and the session it ended: what the poller
 * looks up on every poll to see whether the store handed one of those ids to another row, which it
 * only does after going back (a failover to a standby that lacked them, a restore) under the
 * running replica. Invariant: it holds the {@link #CAPACITY} highest ids read since it was created,
 * each with the session read there. Rows are never updated, so a held id whose row now names
 * another session is proof of reuse; a held id with no row proves nothing (purged, or not
 * written again yet). Not thread-safe: one per poller, used by its serialised polls.
 */
final class RowsRead {

	/** Enough that a purge of older rows or a few ids a new history skipped still leave one to compare. */
	static final int CAPACITY = 8;

	private final TreeMap<Long, UUID> newest = new TreeMap<>();

	/** Takes in a page of rows read, keeping only the {@link #CAPACITY} highest ids read so far. */
	void remember(List<SessionRevocation> page) {
		for (SessionRevocation row : page) {
			if (this.newest.size() < CAPACITY || row.cursor() > this.newest.firstKey()) {
				this.newest.put(row.cursor(), row.sessionId());
				if (this.newest.size() > CAPACITY) {
					this.newest.pollFirstEntry();
				}
			}
		}
	}

	/** The rows held, lowest id first; empty before anything was read. */
	List<Fingerprint> fingerprints() {
		return this.newest.entrySet()
			.stream()
			.map((row) -> new Fingerprint(row.getKey(), row.getValue()))
			.toList();
	}

	/** The sessions held by id, for tests. */
	Map<Long, UUID> asMap() {
		return Map.copyOf(this.newest);
	}

	/**
	 * One row as read.
	 *
	 * @param id its id
	 * @param sessionId the session it ended
	 */
	record Fingerprint(long id, UUID sessionId) {
	}

}

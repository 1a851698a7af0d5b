package io.gatehouse.tokenservice.revocation;

/**
 * The store's feed identity as read now.
 *
 * @param incarnation the random id of this store's history: another store, or this one after it was
 * found to have gone back, has another
 * @param issuedThrough the highest id this incarnation may have given to a gateway: the larger of the
 * table's highest id (the purge always keeps the newest row) and the floor the ids were last moved to
 */
record StoreIncarnation(String incarnation, long issuedThrough) {

	/**
	 * Whether a gateway's cursor can be one this store's history gave out. A cursor of this incarnation
	 * beyond {@link #issuedThrough()} was made up, or the store went back (restored from an older backup)
	 * past the floor that should have kept its ids ahead; either way it is read from 0, for its reader
	 * only (a client's word never renews the incarnation).
	 */
	boolean mayHaveIssued(long cursor) {
		return cursor <= this.issuedThrough;
	}

}

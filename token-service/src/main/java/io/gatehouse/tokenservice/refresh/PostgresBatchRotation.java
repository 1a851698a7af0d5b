package io.gatehouse.tokenservice.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.tokenservice.session.SessionRows;
import io.gatehouse.tokenservice.user.Roles;

/**
 * The rotation statement on PostgreSQL, for one refresh or many: the requests travel as arrays to
 * the {@code rotate_refresh_tokens} function (migration V3), whose one statement (data-modifying
 * CTEs, one implicit transaction, one commit) advances each session only while the presented
 * token's generation is the session's, stores the successor and appends the {@code refreshed}
 * event. Each request is matched on its own terms: its token, its client and its idle timeout; all
 * share the statement's decision instant, which is the rotation's {@code last_refreshed_at} (where
 * the predecessor's grace starts), the base of the new idle expiry and the time the session must not
 * have timed out at. Two refreshes of one session serialise on the session row; the second re-checks the
 * generation after the first commits (READ COMMITTED re-evaluation of the updated row), matches
 * nothing and takes the full decision, which applies the grace rule. The same holds for two
 * requests of one session in one call: a row is updated at most once per statement.
 */
final class PostgresBatchRotation {

	private static final String SQL = "select * from rotate_refresh_tokens(:ord::int4[], :hash::varchar[],"
			+ " :successor::varchar[], :clientId::varchar[], :ip::varchar[], :at::varchar[]::timestamptz[],"
			+ " :idle::varchar[]::timestamptz[])";

	private final DatabaseClient db;

	PostgresBatchRotation(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Rotates every current token among {@code requests}.
	 * @param requests the refreshes, each with its own successor
	 * @param at the decision instant: when the statement starts
	 * @return the rotations by position in {@code requests}; a position without one needs the full decision
	 */
	Mono<Map<Integer, RotationResult.Rotated>> rotate(List<RotationRequest> requests, Instant at) {
		int size = requests.size();
		Integer[] ord = new Integer[size];
		String[] hash = new String[size];
		String[] successor = new String[size];
		String[] clientId = new String[size];
		String[] ip = new String[size];
		String[] ats = new String[size];
		String[] idle = new String[size];
		for (int i = 0; i < size; i++) {
			RotationRequest request = requests.get(i);
			ord[i] = i;
			hash[i] = request.hash();
			successor[i] = RefreshTokens.hash(request.successor());
			clientId[i] = request.client().id();
			ip[i] = (request.origin().ipAddress() != null) ? request.origin().ipAddress() : "";
			ats[i] = at.toString();
			idle[i] = request.idleExpiry(at).toString();
		}
		return this.db.sql(SQL)
			.bind("ord", ord)
			.bind("hash", hash)
			.bind("successor", successor)
			.bind("clientId", clientId)
			.bind("ip", ip)
			.bind("at", ats)
			.bind("idle", idle)
			.map((row) -> {
				int position = row.get("ord", Integer.class);
				return Map.entry(position, new RotationResult.Rotated(SessionRows.toSession(row),
						requests.get(position).successor(), row.get("username", String.class),
						Roles.parse(row.get("roles", String.class)), false));
			})
			.all()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}

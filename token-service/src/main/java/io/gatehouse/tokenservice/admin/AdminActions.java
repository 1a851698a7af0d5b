package io.gatehouse.tokenservice.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.user.User;
import io.gatehouse.tokenservice.web.RequestOrigin;

/**
 * The {@code admin_actions} table: every administrator action on a user, written in the transaction
 * of the change it records, and logged with {@code actor_id}, {@code target_id}, {@code action} and
 * {@code ip_address} as key-value pairs, like the session timeline.
 */
@Component
public final class AdminActions {

	private static final Logger logger = LoggerFactory.getLogger(AdminActions.class);

	private final DatabaseClient db;

	AdminActions(DatabaseClient db) {
		this.db = db;
	}

	/** Records that {@code actor} did {@code action} to {@code target} at {@code at}. */
	public Mono<Void> record(Instant at, User actor, User target, String action, String detail, RequestOrigin origin) {
		logger.atInfo()
			.addKeyValue("actor_id", actor.id())
			.addKeyValue("target_id", target.id())
			.addKeyValue("action", action)
			.addKeyValue("ip_address", origin.ipAddress())
			.log("admin " + actor.id() + " " + action + " user " + target.id() + ((detail != null) ? " (" + detail + ")" : ""));
		return this.db.sql("insert into admin_actions (occurred_at, actor_id, actor_username, target_id, target_username, "
				+ "action, detail, ip_address, user_agent) values (:at, :actorId, :actor, :targetId, :target, :action, "
				+ ":detail, :ip, :userAgent)")
			.bind("at", at.atOffset(ZoneOffset.UTC))
			.bind("actorId", actor.id())
			.bind("actor", actor.username())
			.bind("targetId", target.id())
			.bind("target", target.username())
			.bind("action", action)
			.bind("detail", Parameter.fromOrEmpty(detail, String.class))
			.bind("ip", Parameter.fromOrEmpty(origin.ipAddress(), String.class))
			.bind("userAgent", Parameter.fromOrEmpty(origin.userAgent(), String.class))
			.fetch()
			.rowsUpdated()
			.then();
	}

	/** At most {@code limit} actions older than the one with id {@code before} ({@code null}: the newest), newest first. */
	public Flux<AdminAction> page(Long before, int limit) {
		DatabaseClient.GenericExecuteSpec query = this.db.sql("select * from admin_actions"
				+ ((before != null) ? " where id < :before" : "") + " order by id desc fetch first " + limit + " rows only");
		return ((before != null) ? query.bind("before", before) : query).map((row) -> new AdminAction(row.get("id", Long.class), row.get("occurred_at", OffsetDateTime.class).toInstant(),
					row.get("actor_id", UUID.class), row.get("actor_username", String.class),
					row.get("target_id", UUID.class), row.get("target_username", String.class),
					row.get("action", String.class), row.get("detail", String.class), row.get("ip_address", String.class),
					row.get("user_agent", String.class)))
			.all();
	}

}

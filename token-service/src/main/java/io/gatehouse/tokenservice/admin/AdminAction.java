package io.gatehouse.tokenservice.admin;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One administrator action on a user, as recorded in {@code admin_actions} and shown by
 * {@code GET /admin/actions}: who did it, to whom, what and when. Names are kept as they were then, so a
 * record outlives a deleted account.
 *
 * @param id the record's id, the cursor of the listing
 * @param occurredAt when the action committed
 * @param actorId the administrator's user id
 * @param actorUsername the administrator's name
 * @param targetId the user acted on
 * @param targetUsername the name of the user acted on
 * @param action one of {@code created}, {@code disabled}, {@code enabled}, {@code deleted},
 * {@code roles_changed}, {@code password_set}, {@code sessions_ended}, {@code session_ended} (one session)
 * @param detail what changed, e.g. the roles before and after; never a password
 * @param ipAddress the administrator's address
 * @param userAgent the administrator's User-Agent
 */
public record AdminAction(long id, @JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("actor_id") UUID actorId, @JsonProperty("actor_username") String actorUsername,
		@JsonProperty("target_id") UUID targetId, @JsonProperty("target_username") String targetUsername, String action,
		String detail, @JsonProperty("ip_address") String ipAddress, @JsonProperty("user_agent") String userAgent) {

	public static final String CREATED = "created";

	public static final String DISABLED = "disabled";

	public static final String ENABLED = "enabled";

	public static final String DELETED = "deleted";

	public static final String ROLES_CHANGED = "roles_changed";

	public static final String PASSWORD_SET = "password_set";

	public static final String SESSIONS_ENDED = "sessions_ended";

	public static final String SESSION_ENDED = "session_ended";

}

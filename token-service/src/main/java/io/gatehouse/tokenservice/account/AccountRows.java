package io.gatehouse.tokenservice.account;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.device.Device;
import io.gatehouse.tokenservice.session.EndedSessionView;
import io.gatehouse.tokenservice.session.SessionTimelineView;
import io.gatehouse.tokenservice.session.SessionView;

/**
 * The account pages' rows: each session of {@code GET /auth/sessions} and
 * {@code GET /auth/sessions/ended} in words — its device, app, address and dates, when and why a
 * live one will end, why an ended one ended (one sentence per end reason, with the client's
 * timeouts), and its timeline. The user's own page speaks to the user ("You signed out."); the
 * support view ({@code supported}, the user's name) speaks about the user in the third person
 * ("alice signed out.", the {@code support.} messages) and adds each timeline entry's recorded
 * detail, such as which administrator ended it.
 */
@Component
final class AccountRows {

	private final AccountWords words;

	private final Clock clock;

	AccountRows(AccountWords words, Clock clock) {
		this.words = words;
		this.clock = clock;
	}

	/** A live session: what the page shows of it. */
	record LiveRow(String id, String device, boolean current, String app, String address, String signedIn,
			String lastActive, List<String> ends, List<String> timeline) {
	}

	/** An ended session: what the page shows of it. */
	record EndedRow(String id, String device, String app, String address, String signedIn, String ended, String why,
			List<String> timeline) {
	}

	/**
	 * A live session in words.
	 * @param supported in the support view, the user's name; {@code null} on the user's own page
	 */
	LiveRow live(Locale locale, SessionView session, SessionTimelineView timeline, String supported) {
		Duration left = Duration.between(this.clock.instant(), session.expiresAt());
		List<String> ends = new ArrayList<>();
		String idle = (supported != null)
				? this.words.text(locale, "support.live.endsIdle", this.words.roughly(locale, left), session.clientName(),
						duration(locale, session.idleTimeoutSeconds()), supported)
				: this.words.text(locale, "account.live.endsIdle", this.words.roughly(locale, left), session.clientName(),
						duration(locale, session.idleTimeoutSeconds()));
		String absolute = this.words.text(locale, "account.live.endsAbsolute",
				this.words.date(locale, session.absoluteExpiresAt()), session.clientName(),
				duration(locale, session.absoluteLifetimeSeconds()));
		if (SessionView.BY_IDLE.equals(session.expiresBy())) {
			ends.add(idle);
		}
		ends.add(absolute);
		return new LiveRow(session.id(), this.words.device(locale, session.device()), session.current(),
				session.clientName(), address(locale, session.ipAddress()), this.words.date(locale, session.createdAt()),
				this.words.date(locale, session.lastActiveAt()), ends, timeline(locale, timeline, null, supported != null));
	}

	/**
	 * An ended session in words.
	 * @param supported in the support view, the user's name; {@code null} on the user's own page
	 */
	EndedRow ended(Locale locale, EndedSessionView session, SessionTimelineView timeline, String supported) {
		String why = (supported != null) ? whyAbout(locale, session, supported) : why(locale, session);
		boolean withDetails = supported != null;
		return new EndedRow(session.id(), this.words.device(locale, session.device()), session.clientName(),
				address(locale, session.ipAddress()), this.words.date(locale, session.createdAt()),
				this.words.date(locale, session.endedAt()), why, timeline(locale, timeline, why, withDetails));
	}

	/** Why the session ended, in one sentence: the reason with the client's policy and who ended it. */
	String why(Locale locale, EndedSessionView session) {
		String reason = session.endReason();
		return switch (reason) {
			case "expired_idle" -> this.words.text(locale, "ended.expired_idle",
					duration(locale, session.idleTimeoutSeconds()), session.clientName());
			case "expired_absolute" -> this.words.text(locale, "ended.expired_absolute",
					duration(locale, session.absoluteLifetimeSeconds()), session.clientName());
			case "revoked_logout", "revoked_logout_all" -> (session.endedFromSessionId() != null)
					? this.words.text(locale, "ended." + reason + ".other",
							this.words.device(locale, session.endedFromDevice()))
					: this.words.text(locale, "ended." + reason + ".self");
			case "revoked_session_limit" -> this.words.text(locale, "ended.revoked_session_limit", session.sessionLimit());
			default -> {
				String sentence = this.words.optional(locale, "ended." + reason);
				yield (sentence != null) ? sentence : this.words.text(locale, "ended.unknown", reason);
			}
		};
	}

	/**
	 * Why the session ended, in one sentence about {@code username} in the third person, for the
	 * support view: the {@code support.ended.} messages, the username their first argument.
	 */
	String whyAbout(Locale locale, EndedSessionView session, String username) {
		String reason = session.endReason();
		return switch (reason) {
			case "expired_idle" -> this.words.text(locale, "support.ended.expired_idle", username,
					duration(locale, session.idleTimeoutSeconds()), session.clientName());
			case "expired_absolute" -> this.words.text(locale, "support.ended.expired_absolute", username,
					duration(locale, session.absoluteLifetimeSeconds()), session.clientName());
			case "revoked_logout", "revoked_logout_all" -> (session.endedFromSessionId() != null)
					? this.words.text(locale, "support.ended." + reason + ".other", username,
							this.words.device(locale, session.endedFromDevice()))
					: this.words.text(locale, "support.ended." + reason + ".self", username);
			case "revoked_session_limit" -> this.words.text(locale, "support.ended.revoked_session_limit", username,
					session.sessionLimit());
			default -> {
				String sentence = this.words.optional(locale, "support.ended." + reason, username);
				yield (sentence != null) ? sentence : this.words.text(locale, "support.ended.unknown", username, reason);
			}
		};
	}

	private List<String> timeline(Locale locale, SessionTimelineView timeline, String endSentence, boolean withDetails) {
		List<String> lines = new ArrayList<>();
		if (timeline == null) {
			return lines;
		}
		if (timeline.created() != null) {
			lines.add(line(locale, this.words.text(locale, "timeline.created", where(locale, timeline.created()),
					this.words.date(locale, timeline.created().at())), timeline.created(), withDetails));
		}
		SessionTimelineView.Refreshes refreshes = timeline.refreshes();
		if (refreshes.count() == 0) {
			lines.add(this.words.text(locale, "timeline.refreshes.none"));
		}
		else if (refreshes.count() == 1) {
			lines.add(this.words.text(locale, "timeline.refreshes.one", this.words.date(locale, refreshes.firstAt())));
		}
		else {
			lines.add(this.words.text(locale, "timeline.refreshes.many", refreshes.count(),
					this.words.date(locale, refreshes.firstAt()), this.words.date(locale, refreshes.lastAt())));
		}
		for (SessionTimelineView.Entry use : timeline.graceUses()) {
			lines.add(line(locale, this.words.text(locale, "timeline.graceUse", where(locale, use),
					this.words.date(locale, use.at())), use, withDetails));
		}
		for (SessionTimelineView.Entry event : timeline.events()) {
			String what = this.words.optional(locale, "timeline.event." + event.reason());
			lines.add(line(locale, this.words.text(locale, "timeline.at",
					(what != null) ? what : this.words.text(locale, "timeline.event", event.reason()),
					this.words.date(locale, event.at())), event, withDetails));
		}
		if (timeline.end() != null && endSentence != null) {
			lines.add(line(locale, this.words.text(locale, "timeline.end", endSentence,
					this.words.date(locale, timeline.end().at())), timeline.end(), withDetails));
		}
		return lines;
	}

	private String line(Locale locale, String text, SessionTimelineView.Entry entry, boolean withDetails) {
		return (withDetails && entry.detail() != null) ? this.words.text(locale, "timeline.detail", text, entry.detail()) : text;
	}

	private String where(Locale locale, SessionTimelineView.Entry entry) {
		Device device = entry.device();
		String name = this.words.device(locale, device);
		return (entry.ipAddress() != null) ? this.words.text(locale, "timeline.where", name, entry.ipAddress()) : name;
	}

	private String address(Locale locale, String ip) {
		return (ip != null) ? ip : this.words.text(locale, "account.address.unknown");
	}

	private String duration(Locale locale, Long seconds) {
		return (seconds != null) ? this.words.duration(locale, seconds) : "?";
	}

}

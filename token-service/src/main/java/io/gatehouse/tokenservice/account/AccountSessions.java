package io.gatehouse.tokenservice.account;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.session.SessionViews;

/**
 * Loads one user's sessions for an account page: the live ones and the recently ended ones, each
 * with its timeline, as {@link AccountRows} in the reader's locale. The timelines are read one
 * session after another: at most the user's live sessions ({@code max-live-per-user}) and
 * {@code SessionViews}' bounded list of ended ones.
 */
@Component
final class AccountSessions {

	private final SessionViews views;

	private final AccountRows rows;

	AccountSessions(SessionViews views, AccountRows rows) {
		this.views = views;
		this.rows = rows;
	}

	/** What an account page lists. */
	record Listed(List<AccountRows.LiveRow> live, List<AccountRows.EndedRow> ended) {
	}

	/**
	 * The user's sessions in words.
	 * @param supported for the support view, the user's name (the rows speak about the user and carry
	 * the details); {@code null} for the user's own page
	 */
	Mono<Listed> of(UUID userId, UUID currentSessionId, Locale locale, String supported) {
		boolean forSupport = supported != null;
		Mono<List<AccountRows.LiveRow>> live = this.views.live(userId, currentSessionId)
			.concatMap((session) -> this.views.timeline(userId, UUID.fromString(session.id()), forSupport)
				.map((timeline) -> this.rows.live(locale, session, timeline, supported)))
			.collectList();
		Mono<List<AccountRows.EndedRow>> ended = this.views.ended(userId)
			.concatMap((session) -> this.views.timeline(userId, UUID.fromString(session.id()), forSupport)
				.map((timeline) -> this.rows.ended(locale, session, timeline, supported)))
			.collectList();
		return live.flatMap((liveRows) -> ended.map((endedRows) -> new Listed(liveRows, endedRows)));
	}

}

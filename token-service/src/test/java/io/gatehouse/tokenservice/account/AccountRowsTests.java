package io.gatehouse.tokenservice.account;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.gatehouse.tokenservice.device.Device;
import io.gatehouse.tokenservice.session.EndedSessionView;
import io.gatehouse.tokenservice.session.SessionEndReason;
import io.gatehouse.tokenservice.session.SessionView;
import io.gatehouse.tokenservice.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class AccountRowsTests {

	/** "you", "your", "yours" as words, in any case: the support view never says them about the user. */
	static final Pattern SECOND_PERSON = Pattern.compile("(?i)\\byou(r|rs)?\\b");

	private final MutableClock clock = new MutableClock();

	private final AccountRows rows = new AccountRows(
			new AccountWords(AccountWordsTests.bundle(), new AccountProperties(ZoneId.of("UTC"))), this.clock);

	@Test
	void whyAboutWhenEveryEndReasonThenAThirdPersonSentenceOfItsOwn() {
		for (SessionEndReason reason : SessionEndReason.values()) {
			for (boolean fromAnotherDevice : new boolean[] { false, true }) {
				String sentence = this.rows.whyAbout(Locale.ENGLISH, ended(reason, fromAnotherDevice), "alice");

				assertThat(sentence).as("%s", reason).doesNotStartWith("Ended (").doesNotContain("{");
				assertThat(SECOND_PERSON.matcher(sentence).find()).as("%s: %s", reason, sentence).isFalse();
			}
		}
		assertThat(this.rows.whyAbout(Locale.ENGLISH, ended(SessionEndReason.REVOKED_LOGOUT, false), "alice"))
			.isEqualTo("alice signed out.");
		assertThat(this.rows.whyAbout(Locale.ENGLISH, ended(SessionEndReason.REVOKED_PASSWORD_CHANGE, false), "alice"))
			.isEqualTo("Ended when alice's password was changed.");
		assertThat(this.rows.why(Locale.ENGLISH, ended(SessionEndReason.REVOKED_PASSWORD_CHANGE, false)))
			.isEqualTo("Ended when your password was changed.");
	}

	@Test
	void liveWhenJustSignedInThenTheIdleTimeoutReadsInFullHoursAndHalfAnHourLaterOneLess() {
		SessionView fresh = live(this.clock.instant().plus(Duration.ofHours(12)));
		this.clock.advance(Duration.ofSeconds(2));

		assertThat(this.rows.live(Locale.ENGLISH, fresh, null, null).ends().get(0))
			.isEqualTo("In 12 hours unless you use it — idle timeout of Gatehouse web (12 hours)");
		assertThat(this.rows.live(Locale.ENGLISH, fresh, null, "alice").ends().get(0))
			.isEqualTo("In 12 hours unless alice uses it — idle timeout of Gatehouse web (12 hours)");

		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.rows.live(Locale.ENGLISH, fresh, null, null).ends().get(0)).startsWith("In 11 hours ");
	}

	private SessionView live(Instant idleExpiresAt) {
		Instant now = this.clock.instant();
		return new SessionView(UUID.randomUUID().toString(), "web", "Gatehouse web", now, now, idleExpiresAt,
				now.plus(Duration.ofDays(7)), idleExpiresAt, SessionView.BY_IDLE, Duration.ofHours(12).toSeconds(),
				Duration.ofDays(7).toSeconds(), null, Device.unknown(), "127.0.0.1", false);
	}

	private EndedSessionView ended(SessionEndReason reason, boolean fromAnotherDevice) {
		Instant now = this.clock.instant();
		return new EndedSessionView(UUID.randomUUID().toString(), "web", "Gatehouse web", now, now, now, reason.code(),
				Duration.ofHours(12).toSeconds(), Duration.ofDays(7).toSeconds(), 10,
				fromAnotherDevice ? UUID.randomUUID().toString() : null,
				fromAnotherDevice ? new Device("Firefox 133", "Linux", null) : null, reason == SessionEndReason.REVOKED_ADMIN,
				null, Device.unknown(), "127.0.0.1");
	}

}

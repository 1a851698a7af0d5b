package io.gatehouse.tokenservice.account;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.ResourceBundleMessageSource;

import io.gatehouse.tokenservice.device.Device;

import static org.assertj.core.api.Assertions.assertThat;

class AccountWordsTests {

	private final AccountWords words = new AccountWords(bundle(), new AccountProperties(ZoneId.of("UTC")));

	@Test
	void durationWhenConfiguredTimeoutThenEveryUnitThatIsNotZero() {
		assertThat(this.words.duration(Locale.ENGLISH, Duration.ofHours(12).toSeconds())).isEqualTo("12 hours");
		assertThat(this.words.duration(Locale.ENGLISH, Duration.ofDays(7).toSeconds())).isEqualTo("7 days");
		assertThat(this.words.duration(Locale.ENGLISH, Duration.ofMinutes(90).toSeconds())).isEqualTo("1 hour 30 minutes");
		assertThat(this.words.duration(Locale.ENGLISH, 1)).isEqualTo("1 second");
		assertThat(this.words.duration(Locale.ENGLISH, 0)).isEqualTo("0 seconds");
	}

	@Test
	void roughlyWhenTimeLeftThenLargestUnitRoundedToTheNearest() {
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofHours(11).plusMinutes(59))).isEqualTo("12 hours");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofHours(11).plusMinutes(29))).isEqualTo("11 hours");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofHours(23).plusMinutes(40))).isEqualTo("1 day");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofDays(6).plusHours(23))).isEqualTo("7 days");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofMinutes(59).plusSeconds(45))).isEqualTo("1 hour");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofSeconds(89))).isEqualTo("1 minute");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofSeconds(59))).isEqualTo("less than a minute");
		assertThat(this.words.roughly(Locale.ENGLISH, Duration.ofSeconds(-5))).isEqualTo("less than a minute");
	}

	@Test
	void dateWhenLocaleGivenThenFormattedInItWithTheZoneNamed() {
		Instant at = Instant.parse("2026-12-09T14:05:00Z");

		// CLDR puts a narrow no-break space before PM in newer JDKs, a plain one in older.
		assertThat(this.words.date(Locale.US, at).replace('\u202f', ' ')).isEqualTo("Dec 9, 2026, 2:05 PM UTC");
		assertThat(this.words.date(Locale.GERMANY, at)).startsWith("09.12.2026, 14:05");
	}

	@Test
	void deviceWhenPartsKnownOrNotThenWords() {
		assertThat(this.words.device(Locale.ENGLISH, new Device("Firefox 133", "Linux", null))).isEqualTo("Firefox 133 on Linux");
		assertThat(this.words.device(Locale.ENGLISH, new Device("curl 8", null, null))).isEqualTo("curl 8");
		assertThat(this.words.device(Locale.ENGLISH, Device.unknown())).isEqualTo("Unknown device");
	}

	static ResourceBundleMessageSource bundle() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

}

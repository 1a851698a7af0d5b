package io.gatehouse.tokenservice.account;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.device.Device;

/**
 * The words of the account pages, all from the {@code messages} bundle in the reader's locale:
 * devices ("Chrome 131 on Windows 10"), durations ("12 hours", "1 hour 30 minutes"; the time left
 * coarsely, "12 hours"), dates (localized medium date and short time, in
 * {@code gatehouse.account.time-zone}, the zone named beside it).
 */
@Component
final class AccountWords {

	private final MessageSource messages;

	private final AccountProperties properties;

	AccountWords(MessageSource messages, AccountProperties properties) {
		this.messages = messages;
		this.properties = properties;
	}

	String text(Locale locale, String key, Object... arguments) {
		return this.messages.getMessage(key, arguments, locale);
	}

	/** The message of {@code key}, or {@code null} when the bundle has none (an unknown code). */
	String optional(Locale locale, String key, Object... arguments) {
		return this.messages.getMessage(key, arguments, null, locale);
	}

	String device(Locale locale, Device device) {
		if (device == null || device.isUnknown()) {
			return text(locale, "account.device.unknown");
		}
		if (device.browser() != null && device.os() != null) {
			return text(locale, "account.device.named", device.browser(), device.os());
		}
		return text(locale, "account.device.only", (device.browser() != null) ? device.browser() : device.os());
	}

	String date(Locale locale, Instant instant) {
		if (instant == null) {
			return "";
		}
		DateTimeFormatter format = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
			.withLocale(locale)
			.withZone(this.properties.timeZone());
		return text(locale, "date.withZone", format.format(instant),
				this.properties.timeZone().getDisplayName(TextStyle.SHORT, locale));
	}

	/** An exact duration, every unit that is not zero: a configured timeout as it was set. */
	String duration(Locale locale, long totalSeconds) {
		long days = totalSeconds / 86_400;
		long hours = (totalSeconds % 86_400) / 3_600;
		long minutes = (totalSeconds % 3_600) / 60;
		long seconds = totalSeconds % 60;
		List<String> parts = new ArrayList<>();
		addPart(locale, parts, "duration.days", days);
		addPart(locale, parts, "duration.hours", hours);
		addPart(locale, parts, "duration.minutes", minutes);
		addPart(locale, parts, "duration.seconds", seconds);
		if (parts.isEmpty()) {
			return text(locale, "duration.seconds", 0);
		}
		String joined = parts.get(0);
		for (int i = 1; i < parts.size(); i++) {
			joined = text(locale, "duration.join", joined, parts.get(i));
		}
		return joined;
	}

	/**
	 * A time left, in its largest unit rounded to the nearest ("12 hours" for 11 hours 59 minutes,
	 * "1 day" from 23 hours 30 minutes); under a minute says so.
	 */
	String roughly(Locale locale, Duration left) {
		long seconds = Math.max(0, left.toSeconds());
		if (seconds >= 86_400 - 1_800) {
			return text(locale, "duration.days", Math.max(1, Math.round(seconds / 86_400.0)));
		}
		if (seconds >= 3_600 - 30) {
			return text(locale, "duration.hours", Math.max(1, Math.round(seconds / 3_600.0)));
		}
		if (seconds >= 60) {
			return text(locale, "duration.minutes", Math.round(seconds / 60.0));
		}
		return text(locale, "duration.lessThanMinute");
	}

	private void addPart(Locale locale, List<String> parts, String key, long value) {
		if (value > 0) {
			parts.add(text(locale, key, value));
		}
	}

}

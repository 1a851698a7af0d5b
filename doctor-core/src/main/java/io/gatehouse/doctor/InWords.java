package io.gatehouse.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Durations as findings say them: {@code 5 minutes}, {@code 1 day 12 hours}, {@code 0 seconds}. */
public final class InWords {

	private InWords() {
	}

	/** The duration in days, hours, minutes and seconds, leaving out the zero ones; under a second in milliseconds. */
	public static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		List<String> parts = new ArrayList<>();
		add(parts, seconds / 86_400, "day");
		add(parts, (seconds % 86_400) / 3_600, "hour");
		add(parts, (seconds % 3_600) / 60, "minute");
		add(parts, seconds % 60, "second");
		if (parts.isEmpty()) {
			long millis = duration.toMillis();
			return (duration.isZero()) ? "0 seconds" : millis + ((millis == 1) ? " millisecond" : " milliseconds");
		}
		return String.join(" ", parts);
	}

	private static void add(List<String> parts, long amount, String unit) {
		if (amount > 0) {
			parts.add(amount + " " + unit + ((amount == 1) ? "" : "s"));
		}
	}

}

package io.gatehouse.tokenservice.user;

import java.util.Arrays;
import java.util.List;

/** Roles as stored in one column: space-separated names. */
public final class Roles {

	private Roles() {
	}

	public static List<String> parse(String stored) {
		return (stored == null || stored.isBlank()) ? List.of() : Arrays.asList(stored.trim().split(" +"));
	}

	public static String format(List<String> roles) {
		return String.join(" ", roles);
	}

}

package io.gatehouse.tokenservice.doctor;

import java.util.Locale;

/** Which hosts count as loopback, where plain {@code http} stays on the machine. */
final class Hosts {

	private Hosts() {
	}

	static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		String bare = host.toLowerCase(Locale.ROOT);
		if (bare.startsWith("[") && bare.endsWith("]")) {
			bare = bare.substring(1, bare.length() - 1);
		}
		return bare.equals("localhost") || bare.endsWith(".localhost") || bare.equals("::1")
				|| bare.matches("127(\\.\\d{1,3}){3}");
	}

}

package io.gatehouse.tokenservice.device;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import ua_parser.Client;
import ua_parser.Parser;

import org.springframework.stereotype.Component;

/**
 * Reads the device out of a stored {@code User-Agent} with ua-parser's uap-java and its shared
 * regexes (the ua-parser project's {@code regexes.yaml}, kept up to date by that project): no
 * patterns of our own. uap-java rather than Yauaa because the account page needs only browser, OS
 * and model, and uap-java loads its one YAML file in a fraction of a second into a few megabytes,
 * where Yauaa's much richer analysis costs seconds of startup and far more memory.
 * Parsing runs several hundred regular expressions, so answers are cached: at most
 * {@value #CACHE_SIZE} agents (a user's sessions and the timelines' grace uses repeat a handful of
 * agents), least recently used dropped first. An agent the parser does not recognise, or none,
 * is {@link Device#unknown()}.
 */
@Component
public final class DeviceNames {

	static final int CACHE_SIZE = 2_000;

	private static final String OTHER = "Other";

	private final Parser parser = new Parser();

	private final Cache<String, Device> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

	/** The device of {@code userAgent} ({@code null} or blank: unknown). */
	public Device of(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return Device.unknown();
		}
		return this.cache.get(userAgent, this::parse);
	}

	private Device parse(String userAgent) {
		Client client = this.parser.parse(userAgent);
		String browser = named(client.userAgent.family, client.userAgent.major);
		String os = named(client.os.family, client.os.major);
		String model = known(client.device.family) ? client.device.family : null;
		if (browser == null && os == null) {
			return Device.unknown();
		}
		return new Device(browser, os, model);
	}

	private static String named(String family, String major) {
		if (!known(family)) {
			return null;
		}
		return (major != null && !major.isBlank()) ? family + " " + major : family;
	}

	private static boolean known(String family) {
		return family != null && !family.isBlank() && !OTHER.equals(family);
	}

}

package io.gatehouse.tokenservice.device;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A device as a person names it, read from a {@code User-Agent}: the browser (or app) and the
 * operating system, each with its major version, and the hardware model when the agent names one.
 * An agent the parser does not recognise has {@code null} parts; {@link #unknown()} is a device
 * with none.
 *
 * @param browser e.g. {@code Chrome 131}, {@code Firefox 133}, {@code curl 8}; {@code null} when unknown
 * @param os e.g. {@code Windows 10}, {@code Mac OS X 10}, {@code Android 10}, {@code iOS 17}; {@code null} when unknown
 * @param model e.g. {@code iPhone}, {@code Samsung SM-G991B}; {@code null} when the agent names none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Device(String browser, String os, String model) {

	private static final Device UNKNOWN = new Device(null, null, null);

	public static Device unknown() {
		return UNKNOWN;
	}

	/** Whether nothing could be read from the agent. */
	public boolean isUnknown() {
		return this.browser == null && this.os == null;
	}

}

package io.gatehouse.gateway.clientaddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * The network a client address belongs to, as one key for brute-force limits: an IPv4 address is
 * its own network (a /24 would let one neighbour lock out 255 others, and IPv4 addresses are
 * scarce enough to cost an attacker), an IPv6 address stands for its /64 (the smallest prefix a
 * site is given: every host on it can pick any of its 2^64 addresses at will). For limits on one
 * username, {@link #siteOf} widens IPv6 to the /48: a site is routinely given a /48 (65,536 /64s),
 * so per /64 a stranger holding one /48 could spread enough guesses over its /64s to exhaust the
 * owner's per-username ceiling in seconds.
 */
public final class ClientNetwork {

	/** The key of an unknown peer. */
	public static final String UNKNOWN = "unknown";

	private ClientNetwork() {
	}

	/** {@code 192.0.2.1} for IPv4 (and IPv4-mapped IPv6), {@code 20010db800000001::/64} for IPv6. */
	public static String of(InetAddress address) {
		if (address == null) {
			return UNKNOWN;
		}
		if (address instanceof Inet4Address) {
			return address.getHostAddress();
		}
		byte[] bytes = address.getAddress();
		return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
	}

	/** {@code 192.0.2.1} for IPv4 (and IPv4-mapped IPv6), {@code 20010db80001::/48} for IPv6. */
	public static String siteOf(InetAddress address) {
		if (address == null) {
			return UNKNOWN;
		}
		if (address instanceof Inet4Address) {
			return address.getHostAddress();
		}
		return HexFormat.of().formatHex(address.getAddress(), 0, 6) + "::/48";
	}

}

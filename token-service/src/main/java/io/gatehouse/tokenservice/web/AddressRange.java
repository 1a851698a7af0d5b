package io.gatehouse.tokenservice.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.netty.util.NetUtil;

/**
 * A CIDR block such as {@code 10.0.0.0/8}, {@code ::1/128} or a single address ({@code 10.1.2.3}).
 * Only IP literals are read, never host names, so nothing here resolves DNS.
 *
 * @param network the block's address bytes (4 or 16)
 * @param prefixLength how many leading bits must match
 */
record AddressRange(byte[] network, int prefixLength) {

	/** The range written as {@code address[/prefix]}; fails on anything else. */
	static AddressRange parse(String cidr) {
		String[] parts = cidr.trim().split("/", 2);
		byte[] address = literal(parts[0]);
		if (address == null) {
			throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
		}
		int prefix = (parts.length == 2) ? Integer.parseInt(parts[1]) : address.length * 8;
		if (prefix < 0 || prefix > address.length * 8) {
			throw new IllegalArgumentException("prefix length out of range: " + cidr);
		}
		return new AddressRange(address, prefix);
	}

	/** The address of an IP literal ({@code [v6]} accepted), or {@code null}. */
	static InetAddress address(String written) {
		byte[] bytes = literal(written);
		try {
			return (bytes != null) ? InetAddress.getByAddress(bytes) : null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static byte[] literal(String written) {
		String literal = written.trim();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		if (literal.isEmpty() || literal.length() > 45) {
			return null;
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
		if (bytes != null && bytes.length == 16 && isMappedIpv4(bytes)) {
			return java.util.Arrays.copyOfRange(bytes, 12, 16);
		}
		return bytes;
	}

	private static boolean isMappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
	}

	/** Whether {@code address} lies in this range (an IPv4 address never lies in an IPv6 range). */
	boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int full = this.prefixLength / 8;
		for (int i = 0; i < full; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (bytes[full] & mask) == (this.network[full] & mask);
	}

}

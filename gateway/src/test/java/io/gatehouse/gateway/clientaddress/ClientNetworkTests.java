package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNetworkTests {

	/** 1,000 pairs from fixed seeds, half of them sharing their first 64 bits. */
	@Test
	void ofWhenTwoIpv6AddressesThenSameKeyExactlyWhenSameSlash64() throws UnknownHostException {
		for (long seed = 0; seed < 1_000; seed++) {
			Random random = new Random(seed);
			byte[] a = new byte[16];
			byte[] b = new byte[16];
			random.nextBytes(a);
			random.nextBytes(b);
			if (random.nextBoolean()) {
				System.arraycopy(a, 0, b, 0, 8);
			}
			InetAddress first = InetAddress.getByAddress(a);
			InetAddress second = InetAddress.getByAddress(b);
			if (first instanceof java.net.Inet6Address && second instanceof java.net.Inet6Address) {
				assertThat(ClientNetwork.of(first).equals(ClientNetwork.of(second))).as("case seed %d", seed)
					.isEqualTo(Arrays.equals(a, 0, 8, b, 0, 8));
			}
		}
	}

	/** 1,000 pairs from fixed seeds, one in four the same address. */
	@Test
	void ofWhenIpv4ThenEachAddressIsItsOwnNetwork() throws UnknownHostException {
		for (long seed = 0; seed < 1_000; seed++) {
			Random random = new Random(seed);
			byte[] a = new byte[4];
			byte[] b = new byte[4];
			random.nextBytes(a);
			if (random.nextInt(4) == 0) {
				System.arraycopy(a, 0, b, 0, 4);
			}
			else {
				random.nextBytes(b);
			}
			assertThat(ClientNetwork.of(InetAddress.getByAddress(a)).equals(ClientNetwork.of(InetAddress.getByAddress(b))))
				.as("case seed %d", seed)
				.isEqualTo(Arrays.equals(a, b));
		}
	}

	@Test
	void ofWhenRotatingWithinASlash64ThenOneBucket() {
		assertThat(ClientNetwork.of(ClientAddressResolver.parse("2001:db8:1:2::1")))
			.isEqualTo(ClientNetwork.of(ClientAddressResolver.parse("2001:db8:1:2:ffff:ffff:ffff:fffe")))
			.isNotEqualTo(ClientNetwork.of(ClientAddressResolver.parse("2001:db8:1:3::1")));
	}

	@Test
	void ofWhenIpv4MappedIpv6ThenSameAsIpv4() {
		assertThat(ClientNetwork.of(ClientAddressResolver.parse("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
		assertThat(ClientNetwork.of(null)).isEqualTo(ClientNetwork.UNKNOWN);
	}

}

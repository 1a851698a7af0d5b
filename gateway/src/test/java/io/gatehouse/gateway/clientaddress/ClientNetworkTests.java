package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNetworkTests {

	@Property
	void ofWhenTwoIpv6AddressesThenSameKeyExactlyWhenSameSlash64(@ForAll @Size(16) byte[] a, @ForAll @Size(16) byte[] b,
			@ForAll boolean samePrefix) throws UnknownHostException {
		if (samePrefix) {
			System.arraycopy(a, 0, b, 0, 8);
		}
		InetAddress first = InetAddress.getByAddress(a);
		InetAddress second = InetAddress.getByAddress(b);
		boolean bothV6 = first instanceof java.net.Inet6Address && second instanceof java.net.Inet6Address;
		if (bothV6) {
			assertThat(ClientNetwork.of(first).equals(ClientNetwork.of(second)))
				.isEqualTo(Arrays.equals(a, 0, 8, b, 0, 8));
		}
	}

	@Property
	void ofWhenIpv4ThenEachAddressIsItsOwnNetwork(@ForAll @Size(4) byte[] a, @ForAll @Size(4) byte[] b)
			throws UnknownHostException {
		assertThat(ClientNetwork.of(InetAddress.getByAddress(a)).equals(ClientNetwork.of(InetAddress.getByAddress(b))))
			.isEqualTo(Arrays.equals(a, b));
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

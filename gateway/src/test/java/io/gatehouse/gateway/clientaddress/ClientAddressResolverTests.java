package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

	private static final InetAddress PROXY = ClientAddressResolver.parse("10.0.0.7");

	private final ClientAddressResolver resolver = new ClientAddressResolver("10\\.0\\.0\\.\\d+");

	@Test
	void clientBehindWhenNoTrustedProxiesConfiguredThenPeerWhateverTheHeaderSays() {
		ClientAddressResolver none = new ClientAddressResolver("");
		assertThat(none.clientBehind(PROXY, List.of("203.0.113.9"))).isEqualTo(PROXY);
	}

	@Test
	void clientBehindWhenPeerUntrustedThenPeer() {
		InetAddress peer = ClientAddressResolver.parse("198.51.100.1");
		assertThat(this.resolver.clientBehind(peer, List.of("203.0.113.9"))).isEqualTo(peer);
	}

	@Test
	void clientBehindWhenTrustedPeerThenRightMostUntrusted() {
		assertThat(this.resolver.clientBehind(PROXY, List.of("1.1.1.1, 203.0.113.9, 10.0.0.3")))
			.isEqualTo(ClientAddressResolver.parse("203.0.113.9"));
		assertThat(this.resolver.clientBehind(PROXY, List.of("1.1.1.1", "[2001:db8::9]")))
			.isEqualTo(ClientAddressResolver.parse("2001:db8::9"));
		assertThat(this.resolver.clientBehind(PROXY, List.of("10.0.0.1, 10.0.0.2")))
			.isEqualTo(ClientAddressResolver.parse("10.0.0.1"));
		assertThat(this.resolver.clientBehind(PROXY, List.of("localhost, 10.0.0.2")))
			.isEqualTo(ClientAddressResolver.parse("10.0.0.2"));
	}

	@Test
	void parseWhenNotAnIpLiteralThenNullAndNoLookup() {
		assertThat(ClientAddressResolver.parse("example.com")).isNull();
		assertThat(ClientAddressResolver.parse("unknown")).isNull();
		assertThat(ClientAddressResolver.parse("")).isNull();
		assertThat(ClientAddressResolver.parse("1.2.3.4:80")).isNull();
	}

	/**
	 * Whatever a client writes to the left of what the trusted proxies appended, the resolved
	 * client is the address the first trusted proxy saw. 500 cases from fixed seeds.
	 */
	@Test
	void clientBehindWhenClientForgesLeftEntriesThenTheAddressTheFirstProxySaw() {
		String[] odd = { "10.0.0.9", "garbage", "", "::1", "[2001:db8::1]" };
		for (long seed = 0; seed < 500; seed++) {
			Random random = new Random(seed);
			List<String> chain = new ArrayList<>();
			for (int i = random.nextInt(6); i > 0; i--) {
				chain.add(random.nextBoolean() ? untrusted(random) : odd[random.nextInt(odd.length)]);
			}
			String real = untrusted(random);
			chain.add(real);
			for (int i = 0, hops = random.nextInt(4); i < hops; i++) {
				chain.add("10.0.0." + (i + 1));
			}
			assertThat(this.resolver.clientBehind(PROXY, List.of(String.join(", ", chain))))
				.as("case seed %d, chain %s", seed, chain)
				.isEqualTo(ClientAddressResolver.parse(real));
		}
	}

	/** An IPv4 address with every octet 11-250: never a trusted 10.0.0.x. */
	private static String untrusted(Random random) {
		return (11 + random.nextInt(240)) + "." + (11 + random.nextInt(240)) + "." + (11 + random.nextInt(240)) + "."
				+ (11 + random.nextInt(240));
	}

}

package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
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
	 * client is the address the first trusted proxy saw.
	 */
	@Property
	void clientBehindWhenClientForgesLeftEntriesThenTheAddressTheFirstProxySaw(@ForAll("addresses") List<String> forged,
			@ForAll("untrusted") String real, @ForAll @IntRange(max = 3) int trustedHops) {
		List<String> chain = new ArrayList<>(forged);
		chain.add(real);
		for (int i = 0; i < trustedHops; i++) {
			chain.add("10.0.0." + (i + 1));
		}
		assertThat(this.resolver.clientBehind(PROXY, List.of(String.join(", ", chain))))
			.isEqualTo(ClientAddressResolver.parse(real));
	}

	@Provide
	Arbitrary<List<String>> addresses() {
		return Arbitraries.oneOf(untrusted(), Arbitraries.of("10.0.0.9", "garbage", "", "::1", "[2001:db8::1]"))
			.list()
			.ofMaxSize(5);
	}

	@Provide
	Arbitrary<String> untrusted() {
		return Arbitraries.integers().between(11, 250).list().ofSize(4).map((octets) -> octets.stream()
			.map(String::valueOf)
			.reduce((a, b) -> a + "." + b)
			.orElseThrow());
	}

}

package io.gatehouse.tokenservice.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressRangeTests {

	@Test
	void containsWhenInsidePrefixThenTrueAndOutsideFalse() {
		AddressRange loopback = AddressRange.parse("127.0.0.0/8");
		assertThat(loopback.contains(AddressRange.address("127.1.2.3"))).isTrue();
		assertThat(loopback.contains(AddressRange.address("128.0.0.1"))).isFalse();
		AddressRange odd = AddressRange.parse("10.0.0.0/9");
		assertThat(odd.contains(AddressRange.address("10.127.255.255"))).isTrue();
		assertThat(odd.contains(AddressRange.address("10.128.0.0"))).isFalse();
		AddressRange v6 = AddressRange.parse("2001:db8::/32");
		assertThat(v6.contains(AddressRange.address("2001:db8:ffff::1"))).isTrue();
		assertThat(v6.contains(AddressRange.address("2001:db9::1"))).isFalse();
		assertThat(AddressRange.parse("::1/128").contains(AddressRange.address("[::1]"))).isTrue();
	}

	@Test
	void containsWhenFamiliesDifferThenFalseButMappedIpv4IsIpv4() {
		assertThat(AddressRange.parse("::/0").contains(AddressRange.address("192.0.2.1"))).isFalse();
		assertThat(AddressRange.parse("192.0.2.0/24").contains(AddressRange.address("::ffff:192.0.2.1"))).isTrue();
		assertThat(AddressRange.parse("192.0.2.1").contains(AddressRange.address("192.0.2.1"))).isTrue();
	}

	@Test
	void parseWhenNotALiteralOrBadPrefixThenRefusedAndNoLookup() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("localhost"));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/33"));
		assertThat(AddressRange.address("example.com")).isNull();
		assertThat(AddressRange.address("1.2.3.4:80")).isNull();
	}

}

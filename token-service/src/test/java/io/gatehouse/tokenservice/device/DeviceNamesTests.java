package io.gatehouse.tokenservice.device;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceNamesTests {

	private final DeviceNames names = new DeviceNames();

	@Test
	void ofWhenDesktopBrowserThenBrowserAndOsWithMajorVersions() {
		Device device = this.names.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/131.0.0.0 Safari/537.36");

		assertThat(device.browser()).isEqualTo("Chrome 131");
		assertThat(device.os()).isEqualTo("Windows 10");
	}

	@Test
	void ofWhenPhoneThenModelToo() {
		Device device = this.names.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
				+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

		assertThat(device).isEqualTo(new Device("Mobile Safari 17", "iOS 17", "iPhone"));
	}

	@Test
	void ofWhenAgentUnknownOrMissingThenUnknownDevice() {
		assertThat(this.names.of("not a browser at all").isUnknown()).isTrue();
		assertThat(this.names.of("").isUnknown()).isTrue();
		assertThat(this.names.of(null)).isEqualTo(Device.unknown());
	}

	@Test
	void ofWhenAskedTwiceThenTheCachedAnswer() {
		String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

		assertThat(this.names.of(agent)).isSameAs(this.names.of(agent));
	}

}

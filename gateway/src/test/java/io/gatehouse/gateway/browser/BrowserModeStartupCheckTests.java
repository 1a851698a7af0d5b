package io.gatehouse.gateway.browser;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.StartupRefusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings of browser mode that are refused before the first request, bound as Spring Boot binds them. */
class BrowserModeStartupCheckTests {

	@Test
	void developmentDefaultsThenStarts() {
		assertThatCode(() -> check(Map.of(), GatehouseModeProperties.Mode.DEVELOPMENT)).doesNotThrowAnyException();
	}

	@Test
	void productionOnPlainHttpOutsideLoopbackThenRefusedSayingTheCookieIsDropped() {
		assertThatThrownBy(() -> check(Map.of("public-origin", "http://app.example.com", "client-secret", "s3cret-value"),
				GatehouseModeProperties.Mode.PRODUCTION))
			.isInstanceOf(StartupRefusal.class)
			.hasMessageContaining("drop the session cookie")
			.satisfies((ex) -> assertThat(((StartupRefusal) ex).action()).contains("https://app.example.com"));
	}

	@Test
	void developmentOnPlainHttpOutsideLoopbackThenStartsWithWarning() {
		assertThatCode(() -> check(Map.of("public-origin", "http://app.example.com"), GatehouseModeProperties.Mode.DEVELOPMENT))
			.doesNotThrowAnyException();
	}

	@Test
	void publicOriginWithPathThenRefusedInEveryMode() {
		assertThatThrownBy(() -> check(Map.of("public-origin", "https://app.example.com/app"),
				GatehouseModeProperties.Mode.DEVELOPMENT))
			.isInstanceOf(StartupRefusal.class).hasMessageContaining("not one origin");
	}

	@Test
	void productionWithDevelopmentSecretThenRefused() {
		assertThatThrownBy(() -> check(Map.of("public-origin", "https://app.example.com"), GatehouseModeProperties.Mode.PRODUCTION))
			.isInstanceOf(StartupRefusal.class)
			.hasMessageContaining("development secret");
	}

	@Test
	void refreshReuseNotLongerThanRefreshTimeoutThenRefusedInEveryMode() {
		assertThatThrownBy(() -> check(Map.of("refresh-reuse", "5s", "refresh-timeout", "5s"),
				GatehouseModeProperties.Mode.DEVELOPMENT))
			.isInstanceOf(StartupRefusal.class)
			.hasMessageContaining("refresh-reuse (PT5S) is not longer than refresh-timeout (PT5S)");
		assertThatCode(() -> check(Map.of("refresh-reuse", "6s", "refresh-timeout", "5s"), GatehouseModeProperties.Mode.DEVELOPMENT))
			.doesNotThrowAnyException();
	}

	private static void check(Map<String, String> settings, GatehouseModeProperties.Mode mode) {
		Map<String, String> prefixed = new HashMap<>();
		settings.forEach((key, value) -> prefixed.put("gatehouse.gateway.browser." + key, value));
		BrowserProperties properties = new Binder(new MapConfigurationPropertySource(prefixed))
			.bindOrCreate("gatehouse.gateway.browser", BrowserProperties.class);
		new BrowserModeStartupCheck(properties, new GatehouseModeProperties(mode)).afterPropertiesSet();
	}

}

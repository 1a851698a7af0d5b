package io.gatehouse.gateway.config;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gatehouse.mode}, as for the token service: {@code development} (default) warns about unsafe
 * settings and starts; {@code production} refuses to start on them, with one message saying what to
 * set.
 *
 * @param mode the runtime mode; default {@link Mode#DEVELOPMENT}
 */
@Validated
@ConfigurationProperties("gatehouse")
public record GatehouseModeProperties(@NotNull @DefaultValue("development") Mode mode) {

	public boolean isProduction() {
		return this.mode == Mode.PRODUCTION;
	}

	public enum Mode {

		DEVELOPMENT, PRODUCTION

	}

}

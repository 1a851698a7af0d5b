package io.gatehouse.tokenservice.config;

import java.util.Arrays;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Answers whether the service runs with production rules: {@code gatehouse.mode=production} or an
 * active {@code prod} profile.
 */
@Component
public final class RuntimeMode {

	private final boolean production;

	public RuntimeMode(GatehouseProperties properties, Environment environment) {
		this.production = properties.mode() == GatehouseProperties.Mode.PRODUCTION
				|| Arrays.asList(environment.getActiveProfiles()).contains("prod");
	}

	public boolean isProduction() {
		return this.production;
	}

}

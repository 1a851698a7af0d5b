package io.gatehouse.gateway.errors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link GatewayErrorWebExceptionHandler} ahead of Spring Boot's default error handler. */
@Configuration(proxyBeanMethods = false)
class GatewayErrorsConfiguration {

	@Bean
	GatewayErrorWebExceptionHandler gatewayErrorWebExceptionHandler(JsonMapper json) {
		return new GatewayErrorWebExceptionHandler(json);
	}

}

package io.gatehouse.tokenservice.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Installs {@link StrictJsonDecoder} in place of Spring Boot's JSON decoder, after Boot's own customizers. */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CodecCustomizer strictJsonDecoder(JsonMapper mapper) {
		return (configurer) -> configurer.defaultCodecs().jacksonJsonDecoder(new StrictJsonDecoder(mapper));
	}

}

package io.gatehouse.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Gatehouse edge gateway: Spring Cloud Gateway with stateless access-token validation on every
 * route that is not explicitly public, identity forwarded to upstream apps in {@code X-Auth-*}
 * headers, and RFC 6750 answers that say why a token was refused.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}

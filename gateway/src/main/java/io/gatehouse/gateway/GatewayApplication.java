package io.gatehouse.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.gatehouse.gateway.doctor.DoctorCommand;

/**
 * The Gatehouse edge gateway: Spring Cloud Gateway with stateless access-token validation on every
 * route that is not explicitly public, identity forwarded to upstream apps in {@code X-Auth-*}
 * headers, and RFC 6750 answers that say why a token was refused. {@code java -jar gateway.jar doctor}
 * prints what the configuration will do to users and exits non-zero on errors, without starting
 * ({@link DoctorCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		if (args.length > 0 && DoctorCommand.NAME.equals(args[0])) {
			System.exit(new DoctorCommand().run(args, System.out));
		}
		SpringApplication.run(GatewayApplication.class, args);
	}

}

package io.gatehouse.tokenservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.gatehouse.tokenservice.client.ClientSecretHashCommand;
import io.gatehouse.tokenservice.doctor.DoctorCommand;

/**
 * The Gatehouse token service: logs users in, signs RFC 9068 access tokens and keeps rotating
 * refresh-token sessions in the database (embedded H2 by default, PostgreSQL when
 * {@code SPRING_R2DBC_URL} is set). {@code java -jar token-service.jar hash-secret} prints a new
 * client secret and its hash instead of starting ({@link ClientSecretHashCommand});
 * {@code java -jar token-service.jar doctor} prints what the configuration will do to users and
 * exits non-zero on errors, also without starting ({@link DoctorCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TokenServiceApplication {

	public static void main(String[] args) throws java.io.IOException {
		if (args.length > 0 && ClientSecretHashCommand.NAME.equals(args[0])) {
			System.exit(new ClientSecretHashCommand().run(args, System.in, System.out, System.err));
		}
		if (args.length > 0 && DoctorCommand.NAME.equals(args[0])) {
			System.exit(new DoctorCommand().run(args, System.out));
		}
		SpringApplication.run(TokenServiceApplication.class, args);
	}

}

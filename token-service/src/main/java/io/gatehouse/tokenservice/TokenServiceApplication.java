package io.gatehouse.tokenservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Gatehouse token service: logs users in, signs RFC 9068 access tokens and keeps rotating
 * refresh-token sessions in the database (embedded H2 by default, PostgreSQL when
 * {@code SPRING_R2DBC_URL} is set).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TokenServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokenServiceApplication.class, args);
	}

}

package io.gatehouse.bench.resourceserver;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The baseline of {@code bench/gateway-wrk}: what most teams put in front of their services instead
 * of Gatehouse. Spring Cloud Gateway (routes in {@code application.yml}) secured by Spring
 * Security's OAuth2 resource server: every exchange needs a bearer token that is a valid RFC 9068
 * access token of the Gatehouse token service ({@code typ at+jwt}, RS256 signature from its JWKS,
 * {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat}, {@code sub}, {@code jti},
 * {@code client_id}).
 * Bench-only; not part of the root reactor.
 */
@SpringBootApplication
public class ResourceServerGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(ResourceServerGatewayApplication.class, args);
	}

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.oauth2ResourceServer((oauth2) -> oauth2.jwt(Customizer.withDefaults()))
			.build();
	}

	/**
	 * The decoder {@code oauth2ResourceServer().jwt()} uses: keys from the token service's JWKS
	 * (fetched once, cached, refetched on an unknown {@code kid}), RS256 only, and the RFC 9068
	 * validators (Spring Security 7 leaves {@code typ} to {@link JwtValidators#createAtJwtValidator()},
	 * which demands {@code at+jwt}).
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(@Value("${bench.token-service.jwks-uri}") String jwksUri,
			@Value("${bench.token-service.issuer}") String issuer, @Value("${bench.token-service.audience}") String audience) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(audience).build());
		return decoder;
	}

}

package io.gatehouse.tokenservice.accesstoken;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.session.SessionRepository;

/** Lets handlers take a {@link VerifiedAccessToken} parameter to require a bearer token. */
@Configuration(proxyBeanMethods = false)
class BearerTokenConfiguration implements WebFluxConfigurer {

	private final AccessTokenVerifier verifier;

	private final SessionRepository sessions;

	private final String audience;

	BearerTokenConfiguration(AccessTokenVerifier verifier, SessionRepository sessions,
			GatehouseProperties properties) {
		this.verifier = verifier;
		this.sessions = sessions;
		this.audience = properties.audience();
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new BearerTokenArgumentResolver(this.verifier, this.sessions, this.audience));
	}

}

package io.gatehouse.gateway.clientaddress;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.headers.TrustedProxies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The client address resolver, trusting the proxies of Spring Cloud Gateway's {@code trusted-proxies}. */
@Configuration(proxyBeanMethods = false)
class ClientAddressConfiguration {

	@Bean
	ClientAddressResolver clientAddressResolver(@Value("${" + TrustedProxies.PROPERTY + ":}") String trustedProxies) {
		return new ClientAddressResolver(trustedProxies);
	}

	@Bean
	ForwardClientAddressHeadersFilter forwardClientAddressHeadersFilter(ClientAddressResolver resolver) {
		return new ForwardClientAddressHeadersFilter(resolver);
	}

}

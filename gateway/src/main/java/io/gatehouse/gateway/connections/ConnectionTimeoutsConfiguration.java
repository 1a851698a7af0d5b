package io.gatehouse.gateway.connections;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link ConnectionTimeoutsProperties} to the gateway's HTTP server: the request-header and
 * drain deadlines on every connection, and the pause allowed between two reads of a body.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionTimeoutsConfiguration {

	@Bean
	NettyServerCustomizer requestDeadlines(ConnectionTimeoutsProperties properties) {
		return (server) -> server.readTimeout(properties.bodyReadIdleTimeout())
			.doOnChannelInit((observer, channel, remoteAddress) -> RequestDeadlines.install(channel.pipeline(),
					properties.requestHeaderTimeout()));
	}

}

package io.gatehouse.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.GatewayApplication;

/**
 * A further gateway replica started in the test JVM on a free port with the given properties, as a
 * second instance behind a load balancer would be.
 */
public final class GatewayInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final WebTestClient http;

	private final WebTestClient management;

	public GatewayInstance(Map<String, String> properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		args.add("--management.server.port=0");
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		this.context = new SpringApplicationBuilder(GatewayApplication.class, OwnNettyResources.class)
			.run(args.toArray(String[]::new));
		String port = this.context.getEnvironment().getProperty("local.server.port");
		this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30)).build();
		String managementPort = this.context.getEnvironment().getProperty("local.management.port");
		this.management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
			.responseTimeout(Duration.ofSeconds(30)).build();
	}

	public WebTestClient http() {
		return this.http;
	}

	/** {@code GET} of the readiness probe ({@code /actuator/health/readiness} on the management port). */
	public WebTestClient.ResponseSpec readiness() {
		return this.management.get().uri("/actuator/health/readiness").exchange();
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Netty event loops of its own, so closing this replica does not dispose the JVM-wide
	 * resources the test's main gateway and upstream run on.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

}

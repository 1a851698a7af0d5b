package io.gatehouse.tokenservice.client;

import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The clients Gatehouse knows, from {@code gatehouse.clients.<client-id>.*}. The shipped
 * {@code application.yml} declares a {@code web} and a {@code mobile} client; an unknown
 * {@code client_id} is always {@code invalid_client}.
 *
 * @param clients client policies by client id
 */
@Validated
@ConfigurationProperties("gatehouse")
public record ClientsProperties(Map<String, @Valid ClientPolicy> clients) {

	public ClientsProperties {
		clients = (clients != null) ? Map.copyOf(clients) : Map.of();
	}

}

package io.gatehouse.tokenservice.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which peers may tell the token service the client's address, under {@code gatehouse.*}.
 *
 * @param trustedProxies CIDR blocks (or single addresses) of the proxies in front of the token
 * service, normally the gateways; default loopback only ({@code 127.0.0.0/8}, {@code ::1/128}), the
 * gateway of a development machine. From such a peer the right-most {@code X-Forwarded-For} entry
 * that is not itself a trusted proxy is the client; from any other peer the header is ignored and
 * the socket peer is the client. In production list the gateways' pod or subnet range, e.g.
 * {@code 10.0.0.0/8}, and keep the token service unreachable from anywhere else.
 */
@Validated
@ConfigurationProperties("gatehouse")
public record TrustedProxiesProperties(@NotNull @DefaultValue({ "127.0.0.0/8", "::1/128" }) List<String> trustedProxies) {

	public TrustedProxiesProperties {
		if (trustedProxies != null) {
			trustedProxies.forEach(AddressRange::parse);
		}
	}

}

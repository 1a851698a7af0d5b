package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * On routes whose metadata says {@code forward-client-address: true} (the token service's), the
 * proxied request carries exactly one {@code X-Forwarded-For}: the client address this gateway
 * resolved (see {@link ClientAddressResolver}), and no other forwarding header the client sent.
 * The token service trusts that header from the gateway alone, so its audit trail records the real
 * client. Runs after Spring Cloud Gateway's own forwarding filters, which it overrides on these
 * routes only.
 */
public final class ForwardClientAddressHeadersFilter implements HttpHeadersFilter, Ordered {

	/** The route metadata key that turns this on. */
	public static final String METADATA = "forward-client-address";

	/** After Spring Cloud Gateway's {@code XForwardedHeadersFilter} and {@code ForwardedHeadersFilter}. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	private final ClientAddressResolver resolver;

	public ForwardClientAddressHeadersFilter(ClientAddressResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !"true".equals(String.valueOf(route.getMetadata().get(METADATA)))) {
			return input;
		}
		HttpHeaders updated = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!isForwardingHeader(name)) {
				updated.addAll(name, values);
			}
		});
		InetAddress client = this.resolver.resolve(exchange);
		if (client != null) {
			updated.set("X-Forwarded-For", client.getHostAddress());
		}
		return updated;
	}

	private static boolean isForwardingHeader(String name) {
		return name.equalsIgnoreCase("Forwarded") || name.regionMatches(true, 0, "X-Forwarded-", 0, 12)
				|| name.regionMatches(true, 0, "X_Forwarded_", 0, 12);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}

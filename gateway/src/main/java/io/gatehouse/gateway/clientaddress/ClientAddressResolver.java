package io.gatehouse.gateway.clientaddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;

import io.netty.util.NetUtil;

import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client behind a request, for brute-force limits and the token service's audit
 * trail. It is the socket peer unless that peer is a trusted proxy: then {@code X-Forwarded-For} is
 * read from the right, and the first address that is not a trusted proxy is the client (every hop
 * to its right was appended by a proxy we trust; everything to its left is the client's word).
 * Trusted proxies are those matching Spring Cloud Gateway's own setting
 * {@code spring.cloud.gateway.server.webflux.trusted-proxies}, a Java regular expression matched
 * against the address as Java prints it ({@code 10.0.0.7}, {@code 0:0:0:0:0:0:0:1}) or as written
 * in the header; unset, no proxy is trusted and the socket peer is always the client.
 */
public final class ClientAddressResolver {

	static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".address";

	private final Pattern trustedProxies;

	/** @param trustedProxies the regular expression of trusted proxies, or {@code null}/blank for none */
	public ClientAddressResolver(String trustedProxies) {
		this.trustedProxies = (trustedProxies == null || trustedProxies.isBlank()) ? null
				: Pattern.compile(trustedProxies);
	}

	/** The client's address, computed once per exchange; {@code null} when the peer is unknown. */
	public InetAddress resolve(ServerWebExchange exchange) {
		InetAddress cached = exchange.getAttribute(ATTRIBUTE);
		if (cached != null) {
			return cached;
		}
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		InetAddress peer = (remote != null) ? remote.getAddress() : null;
		if (peer == null) {
			return null;
		}
		InetAddress client = clientBehind(peer, exchange.getRequest().getHeaders().get("X-Forwarded-For"));
		exchange.getAttributes().put(ATTRIBUTE, client);
		return client;
	}

	/** The right-most address of {@code peer} and the forwarded chain that is not a trusted proxy. */
	InetAddress clientBehind(InetAddress peer, List<String> forwardedFor) {
		if (this.trustedProxies == null || !isTrusted(peer, null) || forwardedFor == null) {
			return peer;
		}
		InetAddress nearest = peer;
		for (int line = forwardedFor.size() - 1; line >= 0; line--) {
			String[] hops = forwardedFor.get(line).split(",");
			for (int i = hops.length - 1; i >= 0; i--) {
				String written = hops[i].trim();
				InetAddress hop = parse(written);
				if (hop == null) {
					// A trusted proxy wrote something that is not an address: the nearest hop we can vouch for.
					return nearest;
				}
				if (!isTrusted(hop, written)) {
					return hop;
				}
				nearest = hop;
			}
		}
		return nearest;
	}

	private boolean isTrusted(InetAddress address, String written) {
		return this.trustedProxies.matcher(address.getHostAddress()).matches()
				|| (written != null && this.trustedProxies.matcher(written).matches());
	}

	/** An IP literal ({@code 192.0.2.1}, {@code 2001:db8::1}, {@code [2001:db8::1]}), never a DNS lookup. */
	static InetAddress parse(String written) {
		String literal = written;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		if (literal.isEmpty() || literal.length() > 45) {
			return null;
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
		if (bytes == null) {
			return null;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (java.net.UnknownHostException ex) {
			return null;
		}
	}

}

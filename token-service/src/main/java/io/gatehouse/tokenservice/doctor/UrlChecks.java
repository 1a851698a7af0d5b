package io.gatehouse.tokenservice.doctor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import reactor.core.publisher.Flux;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.client.ClientPolicy;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.config.GatehouseProperties;

/**
 * The URLs users' browsers and apps are sent to: the issuer must be one absolute {@code http(s)}
 * URL (a {@code --gatehouse.issuer} given twice is bound as {@code http://a,http://b}, which every
 * client and gateway would then compare tokens against), and neither the issuer nor a client's
 * redirect URIs may be plain {@code http} outside loopback (an error in production mode, where the
 * client registry refuses such redirect URIs too).
 */
final class UrlChecks implements DoctorCheck {

	private final GatehouseProperties gatehouse;

	private final ClientsProperties clients;

	private final boolean production;

	UrlChecks(GatehouseProperties gatehouse, ClientsProperties clients, boolean production) {
		this.gatehouse = gatehouse;
		this.clients = clients;
		this.production = production;
	}

	@Override
	public Flux<Finding> findings() {
		List<Finding> findings = new ArrayList<>();
		URI issuer = this.gatehouse.issuer();
		if (!isOneUrl(issuer)) {
			findings.add(Finding.error("url.issuer-not-one-url", "Every sign-in fails: tokens and metadata name the issuer `"
					+ issuer + "`, which is not one absolute URL, and clients and gateways compare it byte for byte.",
					"gatehouse.issuer (GATEHOUSE_ISSUER), given once, such as https://auth.example.com"));
		}
		else if (isPlainHttpOutsideLoopback(issuer.toString())) {
			findings.add(Finding.errorInProduction(this.production, "url.issuer-plain-http", "Users' sign-ins and tokens "
					+ "travel unencrypted to `" + issuer + "`: anyone on the network between them can take over their "
					+ "sessions.", "gatehouse.issuer (GATEHOUSE_ISSUER), https://" + issuer.getRawAuthority()));
		}
		new TreeMap<>(this.clients.clients()).forEach((id, policy) -> {
			if (!(policy.example() && this.production)) {
				redirects(findings, id, policy);
			}
		});
		return Flux.fromIterable(findings);
	}

	private void redirects(List<Finding> findings, String id, ClientPolicy policy) {
		check(findings, id, "redirect-uris", policy.redirectUris(), "take the sign-in code");
		check(findings, id, "post-logout-redirect-uris", policy.postLogoutRedirectUris(), "read where they are sent");
	}

	private void check(List<Finding> findings, String id, String name, List<String> uris, String risk) {
		for (int i = 0; i < uris.size(); i++) {
			if (isPlainHttpOutsideLoopback(uris.get(i))) {
				findings.add(Finding.errorInProduction(this.production, "url.redirect-uri-plain-http", "Users of client `"
						+ id + "` are sent back to `" + uris.get(i) + "` unencrypted: anyone on the network can " + risk
						+ ((this.production) ? ", and production mode refuses to register it." : "."),
						"gatehouse.clients." + id + "." + name + "[" + i + "] (https)"));
			}
		}
	}

	static boolean isOneUrl(URI uri) {
		String text = uri.toString();
		if (text.contains(",") || text.chars().anyMatch(Character::isWhitespace)) {
			return false;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawQuery() == null
				&& uri.getRawFragment() == null && uri.getRawUserInfo() == null;
	}

	private static boolean isPlainHttpOutsideLoopback(String value) {
		try {
			URI uri = new URI(value);
			return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && !Hosts.isLoopback(uri.getHost());
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}

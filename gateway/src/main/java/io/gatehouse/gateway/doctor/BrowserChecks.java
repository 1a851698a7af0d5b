package io.gatehouse.gateway.doctor;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.util.NetUtil;
import reactor.core.publisher.Flux;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.doctor.InWords;
import io.gatehouse.gateway.browser.BrowserProperties;

/**
 * Browser mode's own URL, cookies and secret, as users' browsers will take them: a public origin
 * that is not one origin, or on plain {@code http} outside loopback (the browser drops the
 * {@code Secure} session cookie: signed out at the next request); a refresh-reuse window not longer
 * than the refresh timeout; {@code SameSite=None}; browser-session cookies (signed out when the
 * browser closes); the development client secret in production. The first two and the third are
 * also refused at startup by {@code BrowserModeStartupCheck} (in every mode where they cannot work).
 */
final class BrowserChecks implements DoctorCheck {

	private static final String PREFIX = "gatehouse.gateway.browser.";

	private final BrowserProperties browser;

	private final boolean production;

	BrowserChecks(BrowserProperties browser, boolean production) {
		this.browser = browser;
		this.production = production;
	}

	@Override
	public Flux<Finding> findings() {
		if (!this.browser.enabled()) {
			return Flux.empty();
		}
		List<Finding> findings = new ArrayList<>();
		URI origin = this.browser.publicOrigin();
		String scheme = (origin.getScheme() != null) ? origin.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!isOneOrigin(origin, scheme)) {
			findings.add(Finding.error("url.public-origin-not-one-origin", "No one can sign in through browser mode: "
					+ "the public origin `" + origin + "` is not one origin, so the redirect URI and the cross-site check "
					+ "match nothing browsers send; the gateway refuses to start.", PREFIX
							+ "public-origin, the scheme, host and port browsers use, such as https://app.example.com"));
		}
		else if (scheme.equals("http") && !isLoopback(origin.getHost())) {
			findings.add(Finding.errorInProduction(this.production, "cookie.dropped-on-plain-http", "Users are signed out "
					+ "at the next request after every sign-in: browsers drop the Secure __Host- session cookie on `"
					+ origin + "`, plain http outside loopback.", PREFIX + "public-origin=https://" + origin.getHost()));
		}
		if (this.browser.refreshReuse().compareTo(this.browser.refreshTimeout()) <= 0) {
			findings.add(Finding.error("browser.refresh-reuse-not-longer-than-timeout", "Users with several tabs are "
					+ "signed out after a slow refresh: refresh-reuse (" + InWords.duration(this.browser.refreshReuse())
					+ ") is not longer than refresh-timeout (" + InWords.duration(this.browser.refreshTimeout())
					+ "), so a second request refreshes again with a used token; the gateway refuses to start.",
					PREFIX + "refresh-reuse (longer than refresh-timeout)"));
		}
		if (this.browser.sameSite() == BrowserProperties.SameSite.NONE) {
			findings.add(Finding.warning("cookie.same-site-none", "Users' session cookie goes along with requests from "
					+ "every other site, so only the cross-site check stands between them and forged requests, and "
					+ "browsers that block third-party cookies drop it in cross-site use.", PREFIX + "same-site (Lax)"));
		}
		if (!this.browser.persistentCookies()) {
			findings.add(Finding.info("cookie.browser-session", "Users signed in through browser mode are signed out "
					+ "when they close the browser, however long their session at the token service (client `"
					+ this.browser.clientId() + "`) would last.", PREFIX + "persistent-cookies (true)"));
		}
		if (this.production && BrowserProperties.DEVELOPMENT_SECRET.equals(this.browser.clientSecret())) {
			findings.add(Finding.error("secrets.development-browser-secret", "Anyone can redeem users' refresh tokens "
					+ "as client `" + this.browser.clientId() + "`: its secret is the development one, public in this "
					+ "repository, and the gateway refuses to start.", "GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET ("
							+ PREFIX + "client-secret), and its hash at the token service"));
		}
		return Flux.fromIterable(findings);
	}

	private static boolean isOneOrigin(URI origin, String scheme) {
		return (scheme.equals("http") || scheme.equals("https")) && origin.getHost() != null
				&& (origin.getRawPath() == null || origin.getRawPath().isEmpty() || origin.getRawPath().equals("/"))
				&& origin.getRawQuery() == null && origin.getRawFragment() == null && origin.getRawUserInfo() == null;
	}

	static boolean isLoopback(String host) {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
			return true;
		}
		byte[] address = NetUtil.createByteArrayFromIpAddressString(bare);
		try {
			return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}

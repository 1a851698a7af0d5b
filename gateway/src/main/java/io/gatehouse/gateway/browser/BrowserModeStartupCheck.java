package io.gatehouse.gateway.browser;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

import org.springframework.beans.factory.InitializingBean;

import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.StartupRefusal;

/**
 * Settings of browser mode that would sign users out or leave them open, caught before the first
 * request: a public origin that is not one origin; a public origin on plain {@code http} that is not
 * loopback (the browser drops the {@code Secure} session cookie there, so every sign-in "works" and
 * is gone at the next request); a refresh-reuse window no longer than the refresh timeout; the
 * development client secret. Production mode refuses to start with
 * a message saying what to set; in development the configuration doctor logs the same at WARN and it starts.
 */
final class BrowserModeStartupCheck implements InitializingBean {

	private final BrowserProperties properties;

	private final GatehouseModeProperties mode;

	BrowserModeStartupCheck(BrowserProperties properties, GatehouseModeProperties mode) {
		this.properties = properties;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		URI origin = this.properties.publicOrigin();
		String scheme = (origin.getScheme() != null) ? origin.getScheme().toLowerCase(Locale.ROOT) : "";
		boolean oneOrigin = (scheme.equals("http") || scheme.equals("https")) && origin.getHost() != null
				&& (origin.getRawPath() == null || origin.getRawPath().isEmpty() || origin.getRawPath().equals("/"))
				&& origin.getRawQuery() == null && origin.getRawFragment() == null && origin.getRawUserInfo() == null;
		if (!oneOrigin) {
			throw new StartupRefusal("gatehouse.gateway.browser.public-origin is '" + origin + "', not one origin.",
					"Set it to the scheme, host and port browsers use, such as https://app.example.com.");
		}
		if (scheme.equals("http") && !isLoopback(origin.getHost())) {
			refuseInProduction("Browser mode: gatehouse.gateway.browser.public-origin is " + origin + ", plain http on a host "
					+ "that is not loopback. Browsers drop the session cookie (it is Secure, __Host-) on such an origin, "
					+ "so users would be signed out at the next request.", "Serve the gateway over https and set "
					+ "gatehouse.gateway.browser.public-origin=https://" + origin.getHost()
					+ " (or turn browser mode off: gatehouse.gateway.browser.enabled=false).");
		}
		if (this.properties.refreshReuse().compareTo(this.properties.refreshTimeout()) <= 0) {
			// The reuse window counts from the refresh's start: a refresh slower than it would be shared by nobody.
			throw new StartupRefusal("gatehouse.gateway.browser.refresh-reuse (" + this.properties.refreshReuse()
					+ ") is not longer than refresh-timeout (" + this.properties.refreshTimeout() + "): a slow refresh "
					+ "would be forgotten before it ends, and the next request of the same browser would refresh again "
					+ "with a refresh token already used.", "Set refresh-reuse longer than refresh-timeout (defaults: 30s and 5s).");
		}
		if (BrowserProperties.DEVELOPMENT_SECRET.equals(this.properties.clientSecret())) {
			refuseInProduction("Browser mode uses the development secret of client " + this.properties.clientId() + " in "
					+ "production mode.", "Set GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET to a random secret, and give the "
					+ "token service its hash (GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET_HASH; java -jar "
					+ "token-service.jar hash-secret prints one).");
		}
	}

	/**
	 * Refuses in production. In development the configuration doctor logs the same at startup
	 * ({@code cookie.dropped-on-plain-http}; a development secret is normal there).
	 */
	private void refuseInProduction(String description, String action) {
		if (this.mode.isProduction()) {
			throw new StartupRefusal(description, action);
		}
	}

	static boolean isLoopback(String host) {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (bare.equalsIgnoreCase("localhost") || bare.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
			return true;
		}
		byte[] address = io.netty.util.NetUtil.createByteArrayFromIpAddressString(bare);
		if (address == null) {
			return false;
		}
		try {
			return InetAddress.getByAddress(address).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

}

package io.gatehouse.gateway.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser mode, under {@code gatehouse.gateway.browser.*}: the gateway as a Backend-for-Frontend.
 * The browser holds one HttpOnly cookie; the gateway is a confidential client of the token service
 * and signs users in with the authorization code flow and PKCE, refreshes at the edge and revokes on
 * logout. See docs/gateway.md, "Browser mode".
 *
 * @param enabled whether {@code /login}, {@code /login/callback}, {@code /logout}, {@code /session}
 * and cookie sessions on protected routes are on; default {@code true}.
 * @param clientId the gateway's client at the token service; default {@code gateway-browser}.
 * @param clientSecret that client's secret ({@code GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET}); default the
 * development secret, refused in production mode by both services.
 * @param publicOrigin the origin browsers use for this gateway ({@code scheme://host[:port]}, no path);
 * default {@code http://localhost:8080}. The redirect URI is this plus {@code /login/callback}, and
 * unsafe requests from this origin pass the cross-site check.
 * @param authorizationUri where browsers are sent to sign in; default the issuer's
 * {@code /oauth2/authorize}.
 * @param scope the scope requested at sign-in; default {@code api}.
 * @param sameSite the cookies' {@code SameSite}: {@code Lax} (default) keeps the session when a user
 * follows a link into the app from elsewhere (a mail, a search result) — {@code Strict} would arrive
 * without the cookie and look signed out — while cross-site subrequests and form posts carry no
 * cookie; unsafe methods are checked for cross-site origin on top of it. {@code Strict} or
 * {@code None} (which needs a cross-site deployment) are accepted.
 * @param persistentCookies {@code true} (default): the session cookie's {@code Max-Age} is the
 * session's real remaining lifetime, so closing the browser signs no one out; {@code false}:
 * browser-session cookies without {@code Max-Age}, for kiosks and shared machines, where closing the
 * browser must end the session in it (the session itself still ends at its idle or absolute expiry).
 * @param refreshLeadTime a cookie session is refreshed when its access token expires within this;
 * default 30 seconds, so a request is never forwarded with a token about to expire upstream.
 * @param refreshTimeout how long a refresh, code exchange, revocation or session lookup at the token
 * service may take before the answer is 503; default 5 seconds.
 * @param refreshReuse how long one replica hands the result of a refresh to further requests that
 * still carry the cookie it replaced (tabs whose requests left before the new cookie arrived);
 * default 30 seconds, the token service's default reuse grace.
 * @param allowedOrigins further origins whose unsafe requests with the cookie are accepted (apps on
 * another origin of yours); default none.
 * @param allowSameSite whether {@code Sec-Fetch-Site: same-site} (a sibling subdomain) passes the
 * cross-site check; default {@code false}.
 * @param csrfHeader a request header whose presence lets an unsafe request without fetch metadata or
 * {@code Origin} pass (old clients; a cross-site page cannot send a custom header without CORS);
 * default empty: none.
 * @param maxPendingLogins how many sign-ins one browser may have started and not finished (tabs);
 * default 5, older ones are dropped so the cookie never grows.
 * @param loginTimeout how long a started sign-in may take; default 10 minutes (the token service's
 * authorization request lifetime).
 * @param defaultReturnTo where a sign-in without {@code return_to} lands; default {@code /}.
 * @param afterLogout where a logout submitted by a form (a navigation) is redirected; default {@code /}.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway.browser")
public record BrowserProperties(
		@DefaultValue("true") boolean enabled,
		@NotBlank @DefaultValue("gateway-browser") String clientId,
		@NotBlank @DefaultValue(BrowserProperties.DEVELOPMENT_SECRET) String clientSecret,
		@NotNull @DefaultValue("http://localhost:8080") URI publicOrigin,
		URI authorizationUri,
		@NotBlank @DefaultValue("api") String scope,
		@NotNull @DefaultValue("Lax") SameSite sameSite,
		@DefaultValue("true") boolean persistentCookies,
		@NotNull @DefaultValue("30s") Duration refreshLeadTime,
		@NotNull @DefaultValue("5s") Duration refreshTimeout,
		@NotNull @DefaultValue("30s") Duration refreshReuse,
		@NotNull @DefaultValue({}) List<String> allowedOrigins,
		@DefaultValue("false") boolean allowSameSite,
		@NotNull @DefaultValue("") String csrfHeader,
		@Positive @DefaultValue("5") int maxPendingLogins,
		@NotNull @DefaultValue("10m") Duration loginTimeout,
		@NotBlank @DefaultValue("/") String defaultReturnTo,
		@NotBlank @DefaultValue("/") String afterLogout) {

	/** The well-known development secret of {@code gateway-browser}: public knowledge, never a production secret. */
	public static final String DEVELOPMENT_SECRET = "gatehouse-dev-gateway-browser-secret";

	/** The callback path; the redirect URI is {@link #publicOrigin()} plus this. */
	public static final String CALLBACK_PATH = "/login/callback";

	/** The redirect URI registered for {@link #clientId()}. */
	public String redirectUri() {
		return origin() + CALLBACK_PATH;
	}

	/** {@link #publicOrigin()} as browsers send it in {@code Origin}: no trailing slash. */
	public String origin() {
		String value = this.publicOrigin.toString();
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	/** The cookies' {@code SameSite} attribute. */
	public enum SameSite {

		LAX("Lax"), STRICT("Strict"), NONE("None");

		private final String attribute;

		SameSite(String attribute) {
			this.attribute = attribute;
		}

		public String attribute() {
			return this.attribute;
		}

	}

}

package io.gatehouse.tokenservice.authorization;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.refresh.RefreshTokens;

/**
 * The cookie that binds an authorization request's login form to the browser that started it
 * (CSRF protection without server memory): 256 random bits, {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Secure} with the {@code __Host-} prefix when the issuer is https.
 * One value per browser, reused by every request it starts, so sign-ins in two tabs do not
 * overwrite each other. The store keeps only its SHA-256; the login POST must present the cookie
 * whose hash its request holds, which a cross-site form cannot.
 */
@Component
public final class BrowserBinding {

	private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

	private static final SecureRandom random = new SecureRandom();

	private final String name;

	private final boolean secure;

	BrowserBinding(GatehouseProperties properties) {
		this.secure = "https".equalsIgnoreCase(properties.issuer().getScheme());
		this.name = this.secure ? "__Host-gatehouse-browser" : "gatehouse-browser";
	}

	/** The well-formed binding value the request carries, if any. */
	public Optional<String> valueOf(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(this.name);
		return Optional.ofNullable(cookie).map(HttpCookie::getValue).filter((value) -> VALUE.matcher(value).matches());
	}

	/** Whether the request's cookie is the one whose hash is {@code expectedHash} (constant time). */
	public boolean matches(ServerHttpRequest request, String expectedHash) {
		return valueOf(request).map((value) -> MessageDigest.isEqual(hash(value).getBytes(), expectedHash.getBytes()))
			.orElse(false);
	}

	ResponseCookie cookie(String value) {
		return ResponseCookie.from(this.name, value).httpOnly(true).secure(this.secure).sameSite("Lax").path("/").build();
	}

	static String newValue() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String value) {
		return RefreshTokens.hash(value);
	}

}

package io.gatehouse.tokenservice.authorization;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.result.view.Rendering;

import io.gatehouse.tokenservice.loginpage.HtmlPages;

/**
 * Redirects back to a client's registered redirect URI (RFC 6749 §4.1.2, §4.1.2.1): the result's
 * parameters added to the URI's query, each value percent-encoded, and always {@code iss}
 * (RFC 9207), so a client talking to several servers knows which one answered.
 */
public final class AuthorizationResponse {

	private AuthorizationResponse() {
	}

	/** 303 to {@code redirectUri} with {@code code}, {@code state} and {@code iss}. */
	public static Rendering success(String redirectUri, String code, String state, String issuer) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code", code);
		parameters.put("state", state);
		parameters.put("iss", issuer);
		return redirect(redirectUri, parameters);
	}

	/** 303 to {@code redirectUri} with {@code error}, {@code error_description}, {@code state} and {@code iss}. */
	public static Rendering error(String redirectUri, String error, String description, String state, String issuer) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("error", error);
		parameters.put("error_description", description);
		parameters.put("state", state);
		parameters.put("iss", issuer);
		return redirect(redirectUri, parameters);
	}

	/** 303 to {@code uri} with {@code parameters} (those with a {@code null} value left out) added to its query. */
	public static Rendering redirect(String uri, Map<String, String> parameters) {
		StringBuilder target = new StringBuilder(uri);
		char separator = uri.contains("?") ? '&' : '?';
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			if (parameter.getValue() != null) {
				target.append(separator)
					.append(parameter.getKey())
					.append('=')
					.append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
				separator = '&';
			}
		}
		return Rendering.redirectTo(target.toString())
			.status(HttpStatus.SEE_OTHER)
			.contextRelative(false)
			.headers(HtmlPages.headers())
			.build();
	}

}

package io.gatehouse.gateway.browser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Tells a page load from an API call: a navigation ({@code Sec-Fetch-Mode: navigate}, or, from a
 * browser that sends no fetch metadata, a {@code GET} accepting {@code text/html}) may be redirected
 * to sign in; a {@code fetch} or XHR gets a 401 it can handle, never a login page it cannot.
 */
final class NavigationRequests {

	private NavigationRequests() {
	}

	static boolean isNavigation(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && isFormNavigation(request);
	}

	/** Whether the browser is loading a page with this request, whatever its method (a form's POST too). */
	static boolean isFormNavigation(ServerHttpRequest request) {
		String mode = request.getHeaders().getFirst("Sec-Fetch-Mode");
		if (mode != null) {
			return "navigate".equals(mode);
		}
		String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
		return accept != null && accept.contains("text/html");
	}

}

package io.gatehouse.gateway.browser;

import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The few HTML pages of browser mode — a sign-in that cannot go on, an outage — rendered from one
 * template ({@code templates/browser/problem.html}, Thymeleaf escapes every value), with the security
 * headers of the hosted login page: no script, no framing, no referrer, never cached.
 */
final class BrowserPages {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; form-action 'self'; "
			+ "base-uri 'none'";

	private BrowserPages() {
	}

	/** A page with a title, one sentence and, when {@code link} is given, a way on. */
	static Mono<ServerResponse> problem(HttpStatus status, String title, String message, String link, String linkText) {
		Map<String, Object> model = new HashMap<>();
		model.put("title", title);
		model.put("message", message);
		model.put("link", link);
		model.put("linkText", linkText);
		ServerResponse.BodyBuilder builder = ServerResponse.status(status)
			.contentType(MediaType.TEXT_HTML)
			.headers(BrowserPages::secure);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			builder.header(HttpHeaders.RETRY_AFTER, "5");
		}
		return builder.render("browser/problem", model);
	}

	static void secure(HttpHeaders headers) {
		headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("X-Frame-Options", "DENY");
		headers.setCacheControl("no-store");
	}

}

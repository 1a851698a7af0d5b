package io.gatehouse.tokenservice.loginpage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.web.FormBodies;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.OAuthErrorException;

/**
 * The token service's HTML answers (the login page, and the message pages for an authorization or
 * logout request that must not redirect) with the headers every one of them carries: a
 * {@code Content-Security-Policy} that allows no script at all, styles only from this origin, forms
 * only to this origin and to the one redirect that may follow the form, and no framing
 * ({@code frame-ancestors 'none'}); {@code Referrer-Policy: no-referrer}, so the page's URL never
 * leaves in a {@code Referer}; {@code Cache-Control: no-store}; {@code X-Content-Type-Options: nosniff}.
 */
public final class HtmlPages {

	/** The view of every message page: a title and one sentence. */
	static final String MESSAGE_VIEW = "message";

	private HtmlPages() {
	}

	/**
	 * The headers of a page whose form may be followed by a redirect to {@code formTargets} (CSP
	 * sources such as {@code https://app.example} or {@code io.gatehouse.example:}).
	 */
	public static HttpHeaders headers(String... formTargets) {
		List<String> formAction = new ArrayList<>(List.of("'self'"));
		for (String target : formTargets) {
			if (target != null && isCspSource(target)) {
				formAction.add(target);
			}
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action "
				+ String.join(" ", formAction) + "; frame-ancestors 'none'; base-uri 'none'");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("X-Frame-Options", "DENY");
		headers.setCacheControl("no-store");
		headers.setPragma("no-cache");
		return headers;
	}

	/** A message page ("this sign-in link has expired") with {@code status}, never a redirect. */
	public static Rendering message(HttpStatus status, String title, String message) {
		return Rendering.view(MESSAGE_VIEW)
			.modelAttribute("title", title)
			.modelAttribute("message", message)
			.status(status)
			.headers(headers())
			.build();
	}

	/**
	 * {@code handler} applied to the request's form, or a 400 page when the form cannot be read (a
	 * {@code %} not followed by two hex digits): a bad request, never a 500.
	 */
	public static Mono<Rendering> withForm(ServerWebExchange exchange,
			Function<MultiValueMap<String, String>, Mono<Rendering>> handler) {
		return FormBodies.read(exchange)
			.map(Optional::of)
			.onErrorResume(OAuthErrorException.class, (malformed) -> Mono.just(Optional.empty()))
			.flatMap((form) -> form.isPresent() ? handler.apply(form.get())
					: Mono.just(message(HttpStatus.BAD_REQUEST, "Invalid request",
							"The form sent to this page could not be read. Go back to the application and try again.")));
	}

	/** The page for a store that is down: 503 with {@code Retry-After}, as the JSON endpoints answer it. */
	public static Rendering unavailable() {
		HttpHeaders headers = headers();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(OAuthError.RETRY_AFTER_SECONDS));
		return Rendering.view(MESSAGE_VIEW)
			.modelAttribute("title", "Temporarily unavailable")
			.modelAttribute("message", "Sign-in is temporarily unavailable. Please try again in a few seconds.")
			.status(HttpStatus.SERVICE_UNAVAILABLE)
			.headers(headers)
			.build();
	}

	/** A CSP source expression of a scheme or an origin: nothing that could end the directive. */
	private static boolean isCspSource(String source) {
		for (int i = 0; i < source.length(); i++) {
			char c = source.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == ':' || c == '/' || c == '.' || c == '-' || c == '+' || c == '['
					|| c == ']') || c > 127) {
				return false;
			}
		}
		return !source.isEmpty();
	}

}

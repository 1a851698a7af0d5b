package io.gatehouse.gateway.browser;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.gatehouse.gateway.errors.JsonErrorResponse;

/**
 * The answers of browser mode on protected routes, JSON like every answer of the gateway: a session
 * that ended (401 {@code session_ended} with the token service's reason in the body and in
 * {@value #ENDED_HEADER}, the cookie cleared; a page load is sent to sign in again instead), a
 * cross-site request (403 {@code csrf_refused}), a token service that cannot be asked (503
 * {@code temporarily_unavailable} with {@code Retry-After}, the cookie kept, so no outage ever signs
 * anyone out; a page load gets it as a page), and the redirect of a page load without a session.
 */
final class BrowserAnswers {

	/** The header naming why a session ended, for apps that read headers rather than bodies. */
	static final String ENDED_HEADER = "Gatehouse-Session-Ended";

	private final BrowserProperties properties;

	private final JsonMapper json;

	private final ITemplateEngine pages;

	BrowserAnswers(BrowserProperties properties, JsonMapper json, ITemplateEngine pages) {
		this.properties = properties;
		this.json = json;
		this.pages = pages;
	}

	Mono<Void> ended(ServerWebExchange exchange, String reason) {
		ServerHttpResponse response = exchange.getResponse();
		response.getCookies().remove(SessionCookie.NAME);
		BrowserCookies.clearSession(response, this.properties);
		response.getHeaders().set(ENDED_HEADER, reason);
		if (NavigationRequests.isNavigation(exchange.getRequest())) {
			return signIn(exchange);
		}
		Map<String, String> body = new LinkedHashMap<>();
		body.put("error", "session_ended");
		body.put("reason", reason);
		body.put("error_description", EndReasons.describe(reason));
		body.put("login", loginPath(exchange));
		return JsonErrorResponse.write(response, HttpStatus.UNAUTHORIZED, body, this.json);
	}

	Mono<Void> crossSite(ServerWebExchange exchange, String description) {
		return JsonErrorResponse.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "csrf_refused", description,
				this.json);
	}

	Mono<Void> unavailable(ServerWebExchange exchange, String description) {
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
		if (NavigationRequests.isNavigation(exchange.getRequest())) {
			return unavailablePage(exchange.getResponse(), description);
		}
		return JsonErrorResponse.write(exchange.getResponse(), HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable",
				description + "; the session is kept, try again shortly", this.json);
	}

	/**
	 * A page load during an outage gets the outage as a page (the problem template, the login page's
	 * headers), not JSON in the browser's window: the session is kept, and "Try again" reloads it.
	 */
	private Mono<Void> unavailablePage(ServerHttpResponse response, String description) {
		Context model = new Context(Locale.ENGLISH);
		model.setVariable("title", "Temporarily unavailable");
		model.setVariable("message", "You are still signed in: " + description + ". Try again in a few seconds.");
		model.setVariable("link", "");
		model.setVariable("linkText", "Try again");
		byte[] page = this.pages.process("browser/problem", model).getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
		BrowserPages.secure(response.getHeaders());
		return response.writeWith(Mono.just(response.bufferFactory().wrap(page)));
	}

	/** Any other error of browser mode, in the gateway's JSON shape. */
	Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String error, String description) {
		return JsonErrorResponse.write(exchange.getResponse(), status, error, description, this.json);
	}

	/** 302 to {@code /login?return_to=<this page>}. */
	Mono<Void> signIn(ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.FOUND);
		response.getHeaders().setLocation(URI.create(loginPath(exchange)));
		response.getHeaders().setCacheControl("no-store");
		return response.setComplete();
	}

	private static String loginPath(ServerWebExchange exchange) {
		// A URI variable is encoded strictly (its '&', '=' and '?' too), a literal query value would not be.
		return UriComponentsBuilder.fromPath("/login")
			.queryParam("return_to", "{returnTo}")
			.encode()
			.buildAndExpand(ReturnTo.of(exchange.getRequest().getURI()))
			.toUriString();
	}

}

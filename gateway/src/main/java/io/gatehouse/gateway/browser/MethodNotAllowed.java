package io.gatehouse.gateway.browser;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.gatehouse.gateway.errors.JsonErrorResponse;

/**
 * 405 for browser mode's paths asked with another method ({@code GET /logout} above all: a link or
 * an image must never sign anyone out), with {@code Allow}, in the gateway's JSON error shape.
 */
final class MethodNotAllowed {

	private final BrowserAnswers answers;

	MethodNotAllowed(BrowserAnswers answers) {
		this.answers = answers;
	}

	Mono<ServerResponse> answer(ServerRequest request, String allowed) {
		var response = request.exchange().getResponse();
		response.getHeaders().set(HttpHeaders.ALLOW, allowed);
		return this.answers.write(request.exchange(), HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				request.method().name() + " " + request.path() + " is not supported; use " + allowed)
			.then(Mono.empty());
	}

}

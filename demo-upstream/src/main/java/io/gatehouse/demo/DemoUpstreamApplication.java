package io.gatehouse.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in for your app behind the gateway (port 8081): {@code GET /api/**} answers with the
 * identity the gateway forwarded in the {@code X-Auth-*} headers — the headers an app may trust,
 * because the gateway strips any a client sends. {@code GET /api/ping} answers a constant
 * {@code pong}, whoever asks: the trivial upstream of the gateway benchmark, whose cost does not
 * depend on the headers it receives. {@code /app/} is the demo web page
 * ({@link io.gatehouse.demo.page.DemoPageRoutes}), which the gateway protects with its cookie
 * session.
 */
@SpringBootApplication
@RestController
public class DemoUpstreamApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoUpstreamApplication.class, args);
	}

	@GetMapping("/api/ping")
	String ping() {
		return "pong";
	}

	@GetMapping("/api/**")
	Map<String, Object> whoAmI(ServerHttpRequest request) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("path", request.getPath().value());
		answer.put("subject", request.getHeaders().getFirst("X-Auth-Subject"));
		answer.put("session", request.getHeaders().getFirst("X-Auth-Session"));
		answer.put("client", request.getHeaders().getFirst("X-Auth-Client"));
		answer.put("scopes", request.getHeaders().getFirst("X-Auth-Scopes"));
		answer.put("roles", request.getHeaders().getFirst("X-Auth-Roles"));
		return answer;
	}

}

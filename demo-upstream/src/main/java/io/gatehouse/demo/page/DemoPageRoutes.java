package io.gatehouse.demo.page;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo web page at {@code /app/} ({@code classpath:/static/app/}: {@code index.html},
 * {@code app.js}, {@code app.css}), which {@code ./run.sh} serves through the gateway's browser
 * mode. Its script and stylesheet are served by Spring's static resource handling; this class
 * answers the folder itself with {@code index.html} and sends {@code /app} to {@code /app/}.
 * Every answer under {@code /app} carries {@link DemoPageHeadersFilter}'s strict policy.
 */
@Configuration(proxyBeanMethods = false)
public class DemoPageRoutes {

	/** Where the page lives, as the browser sees it behind the gateway. */
	public static final String PATH = "/app/";

	private static final Resource INDEX = new ClassPathResource("static/app/index.html");

	@Bean
	RouterFunction<ServerResponse> demoPage() {
		return RouterFunctions.route()
			.GET("/app", (request) -> ServerResponse.permanentRedirect(URI.create(PATH)).build())
			.GET(PATH, (request) -> ServerResponse.ok()
				.contentType(MediaType.TEXT_HTML)
				.cacheControl(CacheControl.noCache())
				.bodyValue(INDEX))
			.build();
	}

}

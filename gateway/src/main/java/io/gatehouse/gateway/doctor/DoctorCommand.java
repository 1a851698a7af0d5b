package io.gatehouse.gateway.doctor;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.doctor.DoctorReport;
import io.gatehouse.doctor.Finding;
import io.gatehouse.gateway.browser.BrowserProperties;
import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.GatewayProperties;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;

/**
 * {@code java -jar gateway.jar doctor [--name=value …]}: prints the configuration doctor's report
 * and exits 1 when it has an error, 0 otherwise, without starting the gateway. The settings are
 * bound by Spring Boot as for a start ({@code application.yml}, profiles, environment variables, the
 * arguments after {@code doctor}); the routes are the configured route definitions
 * ({@code spring.cloud.gateway.server.webflux.routes}); the token service's clock is read from the
 * {@code Date} of one request for its metadata.
 */
public final class DoctorCommand {

	public static final String NAME = "doctor";

	private static final Duration LIMIT = Duration.ofMinutes(1);

	/** Runs the command with the process arguments ({@code doctor} first); returns the exit code. */
	public int run(String[] args, PrintStream out) {
		String[] settings = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
		DoctorReport report;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandContext.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("logging.level.root=warn", "logging.level.io.gatehouse=warn")
			.run(settings)) {
			report = doctor(context).examine().block(LIMIT);
		}
		catch (RuntimeException ex) {
			out.println("Gatehouse gateway doctor: 1 error(s), 0 warning(s), 0 note(s)");
			out.println(new Finding("config.invalid", Finding.Severity.ERROR,
					"The gateway cannot start with this configuration: " + rootMessage(ex), settingOf(ex))
				.line());
			return 1;
		}
		out.print(report.text("Gatehouse gateway"));
		return report.hasErrors() ? 1 : 0;
	}

	private static Doctor doctor(ConfigurableApplicationContext context) {
		GatewayProperties gateway = context.getBean(GatewayProperties.class);
		List<RouteDefinition> definitions = Binder.get(context.getEnvironment())
			.bind("spring.cloud.gateway.server.webflux.routes", Bindable.listOf(RouteDefinition.class))
			.orElse(List.of());
		Flux<RouteChecks.RouteMetadata> routes = Flux.fromIterable(definitions)
			.map((definition) -> new RouteChecks.RouteMetadata(definition.getId(), definition.getMetadata()));
		return GatewayDoctor.of(gateway, context.getBean(BrowserProperties.class),
				context.getBean(GatehouseModeProperties.class), context.getBean(RevocationFeedProperties.class), routes,
				clockOffset(gateway), java.util.Map::of);
	}

	/** The property a binding failure names, or a pointer to the message when there is none. */
	private static String settingOf(Throwable failure) {
		for (Throwable each = failure; each != null; each = each.getCause()) {
			if (each instanceof org.springframework.boot.context.properties.bind.BindException bind) {
				return bind.getName().toString();
			}
			if (each.getCause() == each) {
				break;
			}
		}
		return "the setting the message names";
	}

	/** One request for the token service's metadata, whose {@code Date} is compared with this clock. */
	private static Mono<Optional<Duration>> clockOffset(GatewayProperties gateway) {
		TokenServiceClock clock = new TokenServiceClock(Clock.systemUTC());
		URI metadata = gateway.tokenServiceEndpoint("/.well-known/oauth-authorization-server");
		return WebClient.builder()
			.filter(clock.recorder())
			.build()
			.get()
			.uri(metadata)
			.retrieve()
			.toBodilessEntity()
			.timeout(Duration.ofSeconds(5))
			.onErrorMap((failure) -> new IllegalStateException(metadata + ": " + failure.getMessage(), failure))
			.then(Mono.fromSupplier(clock::offset));
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	/** Only the settings the checks read: no web server, no routes built, no connection opened. */
	@EnableConfigurationProperties({ GatewayProperties.class, BrowserProperties.class, GatehouseModeProperties.class,
			RevocationFeedProperties.class })
	static class CommandContext {

	}

}

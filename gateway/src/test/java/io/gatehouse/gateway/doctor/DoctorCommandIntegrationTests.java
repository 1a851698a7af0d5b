package io.gatehouse.gateway.doctor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar gateway.jar doctor}, run as the main entry runs it: the configuration bound by
 * Spring Boot from {@code application.yml} and the arguments (routes included), a report on standard
 * output, exit code 1 on errors and 0 otherwise, without starting the gateway.
 */
class DoctorCommandIntegrationTests {

	/** Nothing listens here: the token service is unreachable, which is a warning, not an error. */
	private static final String NO_TOKEN_SERVICE = "--gatehouse.gateway.token-service-uri=http://127.0.0.1:1";

	@Test
	void doctorWhenOnlyWarningsThenExitsZeroAndReadsTheConfiguredRoutes() {
		Result result = doctor(NO_TOKEN_SERVICE, "--spring.cloud.gateway.server.webflux.routes[0].id=console",
				"--spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:1",
				"--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/console/**",
				"--spring.cloud.gateway.server.webflux.routes[0].metadata.roles=admin");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).startsWith("Gatehouse gateway doctor: 0 error(s), 2 warning(s)")
			.contains("WARNING route.admin-feed-down-open: While the revocation feed is down")
			.contains("WARNING replicas.token-service-unreachable")
			.doesNotContain("\tat ");
	}

	@Test
	void doctorWhenProductionWithTheDevelopmentBrowserSecretThenPrintsTheErrorAndExitsOne() {
		Result result = doctor(NO_TOKEN_SERVICE, "--gatehouse.mode=production",
				"--gatehouse.gateway.browser.public-origin=https://app.example.com");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("ERROR secrets.development-browser-secret")
			.contains("Setting: GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET");
	}

	@Test
	void doctorWhenSettingDoesNotBindThenErrorInsteadOfStackTrace() {
		Result result = doctor(NO_TOKEN_SERVICE, "--gatehouse.gateway.clock-skew=a while");

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("ERROR config.invalid").doesNotContain("\tat ");
	}

	private static Result doctor(String... settings) {
		List<String> args = new ArrayList<>();
		args.add(DoctorCommand.NAME);
		args.addAll(List.of(settings));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int exitCode = new DoctorCommand().run(args.toArray(String[]::new), new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return new Result(exitCode, bytes.toString(StandardCharsets.UTF_8));
	}

	private record Result(int exitCode, String output) {
	}

}

package io.gatehouse.tokenservice.doctor;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.doctor.DoctorReport;
import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.signing.SigningProperties;

/**
 * {@code java -jar token-service.jar doctor [--name=value …]}: prints the configuration doctor's
 * report and exits 1 when it has an error, 0 otherwise, without starting the service. The
 * configuration is bound by Spring Boot exactly as for a start ({@code application.yml}, profiles,
 * environment variables, the arguments after {@code doctor}), in a context holding only the
 * settings and a client for the store: nothing is migrated, generated or written, and an embedded
 * store that does not exist yet is not created.
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
			report = context.getBean(Doctor.class).examine().block(LIMIT);
		}
		catch (RuntimeException ex) {
			out.println("Gatehouse token service doctor: 1 error(s), 0 warning(s), 0 note(s)");
			out.println(new Finding("config.invalid", Finding.Severity.ERROR,
					"The token service cannot start with this configuration: " + rootMessage(ex),
					"the setting named above").line());
			return 1;
		}
		out.print(report.text("Gatehouse token service"));
		return report.hasErrors() ? 1 : 0;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	/** The settings the checks read, the runtime mode, and a client for the store: no web server, no migration. */
	@EnableConfigurationProperties({ GatehouseProperties.class, ClientsProperties.class, SigningProperties.class })
	@Import({ RuntimeMode.class, DoctorChecksConfiguration.class })
	static class CommandContext {

		@Bean
		DatabaseClient doctorDatabaseClient(Environment environment) {
			StoreSettings store = StoreSettings.from(environment);
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(store.r2dbcUrl())
				.mutate()
				.option(ConnectionFactoryOptions.USER, store.username())
				.option(ConnectionFactoryOptions.PASSWORD, store.password())
				.build();
			return DatabaseClient.create(ConnectionFactories.get(options));
		}

	}

}

package io.gatehouse.tokenservice.user;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.StartupRefusal;
import io.gatehouse.tokenservice.web.OAuthErrorException;

/** Creates the bootstrap admin at startup when one is configured and no admin exists. */
@Component
final class BootstrapAdmin implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(BootstrapAdmin.class);

	private final BootstrapAdminProperties properties;

	private final UserService users;

	BootstrapAdmin(BootstrapAdminProperties properties, UserService users) {
		this.properties = properties;
		this.users = users;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.properties.isConfigured()) {
			return;
		}
		this.users.adminExists()
			.flatMap((exists) -> exists ? Mono.empty()
					: this.users.create(this.properties.username(), this.properties.password(), List.of(User.ADMIN_ROLE))
						.doOnNext((user) -> logger.info("Created bootstrap admin '" + user.username() + "'")))
			.onErrorMap(OAuthErrorException.class, (refused) -> new StartupRefusal(
					"The bootstrap admin cannot be created: " + refused.error().description() + ".",
					"Set GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME and GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD "
							+ "(gatehouse.bootstrap-admin.*) to a valid username and a password that meets the "
							+ "password rules (gatehouse.passwords.*).", refused))
			.block(Duration.ofSeconds(60));
	}

}

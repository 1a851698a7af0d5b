package io.gatehouse.tokenservice.authorization;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.testsupport.TcpProxy;
import io.gatehouse.tokenservice.support.AuthorizationFlow;
import io.gatehouse.tokenservice.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away while a user signs in through the hosted page (its connections run through
 * a {@link TcpProxy} that the test cuts): the authorization endpoint and the login form answer the
 * 503 page with {@code Retry-After}, never a 500 or a redirect with an error; when the database is
 * back, the same sign-in completes — nothing was lost.
 */
class SignInOutagePostgresIntegrationTests extends AuthorizationIntegrationTest {

	static final TcpProxy proxy = new TcpProxy(Integer.parseInt(TestDatabase.port()));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("signin_outage").forEach((key, value) -> registry.add(key,
				() -> value.replace(":" + TestDatabase.port() + "/", ":" + proxy.port() + "/")));
		registry.add("gatehouse.sessions.store-timeout", () -> "3s");
		registry.add("spring.r2dbc.pool.max-acquire-time", () -> "2s");
		registry.add("spring.r2dbc.pool.max-create-connection-time", () -> "2s");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void signInWhenDatabaseDownThen503PagesAndTheSameSignInCompletesAfterRecovery() {
		String user = createUser("signin-outage");
		AuthorizationFlow started = new AuthorizationFlow(this.http, "app", APP_REDIRECT).start("openid");
		AuthorizationFlow fresh = new AuthorizationFlow(this.http, "app", APP_REDIRECT);

		proxy.cut();
		try {
			expectUnavailablePage(fresh.authorize(fresh.parameters("openid")));
			expectUnavailablePage(started.submit(user, PASSWORD));
		}
		finally {
			proxy.restore();
		}

		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		int status;
		do {
			// The pool may hand out a connection broken by the cut once more: 503 again, as told, then 303.
			status = started.submit(user, PASSWORD).returnResult(String.class).getStatus().value();
			assertThat(status).as("only 503 while recovering, then the redirect with the code").isIn(303, 503);
			assertThat(System.nanoTime()).as("recovered within 20 s").isLessThan(deadline);
		}
		while (status != 303);
	}

	private static void expectUnavailablePage(WebTestClient.ResponseSpec response) {
		response.expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After")
			.expectHeader().doesNotExist("Location")
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

}

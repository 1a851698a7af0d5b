package io.gatehouse.tokenservice.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.TestDatabase;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the administration API's check-then-act windows, made deterministic on PostgreSQL: the
 * test holds {@code admin_actions} locked, so an administrator's change stops just before it commits
 * (its row locks held, its effects not yet visible), and the racing request is sent and seen waiting
 * on that transaction before the lock is let go.
 */
class AdminRacesPostgresIntegrationTests extends TokenServiceIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	ConnectionFactory connections;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.properties("admin_races").forEach((key, value) -> registry.add(key, () -> value));
	}

	/**
	 * The password reset an administrator does after a compromise: a login with the old password whose
	 * Argon2 check ran before the reset committed must not come out of it with a live session.
	 */
	@Test
	void loginWhenAdminSetsANewPasswordDuringItsCheckThenNoSessionOutlivesTheReset() {
		String user = createUser("reset");
		String admin = adminAccessToken();

		Answer[] answers = raceAgainstAdmin(
				() -> send(HttpMethod.POST, admin, "/admin/users/" + user + "/password",
						"{\"password\":\"an-admin-chosen-passphrase\"}"),
				() -> send(HttpMethod.POST, null, "/auth/login", loginJson(user, PASSWORD)),
				"%and disabled_at is null for update");

		assertThat(answers[0].status()).isEqualTo(204);
		assertThat(liveSessions(user)).as("login answered " + answers[1].status()
				+ "; a session made with the replaced password must not be live").isZero();
	}

	/**
	 * Demoting an admin: a login with the demoted admin's password whose check ran before the demotion
	 * committed must not get an access token that still carries {@code admin} on a live session.
	 */
	@Test
	void loginWhenAdminRoleRemovedDuringItsCheckThenItsTokenIsNotAdmin() {
		String user = createUser("demoted", "admin");
		String admin = adminAccessToken();

		Answer[] answers = raceAgainstAdmin(
				() -> send(HttpMethod.PUT, admin, "/admin/users/" + user + "/roles", "{\"roles\":[\"support\"]}"),
				() -> send(HttpMethod.POST, null, "/auth/login", loginJson(user, PASSWORD)),
				"%and disabled_at is null for update");

		assertThat(answers[0].status()).isEqualTo(200);
		if (answers[1].status() == 200) {
			String token = JSON.readTree(answers[1].body()).get("access_token").asString();
			Answer list = send(HttpMethod.GET, token, "/admin/users", null).join();
			assertThat(list.status()).as("the demoted user's fresh token on GET /admin/users").isNotEqualTo(200);
		}
	}

	/**
	 * An admin being disabled sends, at the same moment, a request that re-enables themselves: it passes
	 * the token check (the session is still live), waits for the disabling transaction's row locks, and
	 * must then be refused, since the caller is no longer an enabled admin.
	 */
	@Test
	void adminActionWhenCallerDisabledWhileItWaitedForTheLocksThenRefusedAndCallerStaysDisabled() {
		String rogue = createUser("rogue", "admin");
		String rogueToken = login(rogue, PASSWORD, "web").get("access_token").asString();
		String admin = adminAccessToken();

		Answer[] answers = raceAgainstAdmin(() -> send(HttpMethod.POST, admin, "/admin/users/" + rogue + "/disable", null),
				() -> send(HttpMethod.POST, rogueToken, "/admin/users/" + rogue + "/enable", null),
				"%order by id for update");

		assertThat(answers[0].status()).isEqualTo(200);
		assertThat(answers[1].status()).as("the disabled admin's own enable").isNotEqualTo(200);
		assertThat(disabled(rogue)).as("the rogue admin is still disabled").isTrue();
	}

	/**
	 * Runs {@code adminChange} until it waits to insert its audit row (its locks held, nothing committed),
	 * then {@code racer} until it waits on that transaction in a statement like {@code racerWaitsIn}, then
	 * lets both go; emits their answers.
	 */
	private Answer[] raceAgainstAdmin(Supplier<CompletableFuture<Answer>> adminChange,
			Supplier<CompletableFuture<Answer>> racer, String racerWaitsIn) {
		Connection lock = Mono.from(this.connections.create()).block(Duration.ofSeconds(10));
		CompletableFuture<Answer> changed;
		CompletableFuture<Answer> raced;
		try {
			Mono.from(lock.beginTransaction()).block(Duration.ofSeconds(10));
			Flux.from(lock.createStatement("lock table admin_actions in exclusive mode").execute())
				.flatMap(Result::getRowsUpdated)
				.blockLast(Duration.ofSeconds(10));
			int lockPid = Flux.from(lock.createStatement("select pg_backend_pid()").execute())
				.flatMap((result) -> result.map((row, meta) -> row.get(0, Integer.class)))
				.blockFirst(Duration.ofSeconds(10));
			changed = adminChange.get();
			int adminPid = waitingOn(lockPid, "insert into admin_actions%");
			raced = racer.get();
			waitingOn(adminPid, racerWaitsIn);
		}
		finally {
			Mono.from(lock.commitTransaction()).then(Mono.from(lock.close())).block(Duration.ofSeconds(10));
		}
		return new Answer[] { changed.join(), raced.join() };
	}

	/** The backend running a statement like {@code query} while blocked by {@code blocker}; 20 s at most. */
	private int waitingOn(int blocker, String query) {
		for (int attempt = 0; attempt < 200; attempt++) {
			List<Integer> pids = this.db
				.sql("select pid from pg_stat_activity where query like :query and :blocker = any(pg_blocking_pids(pid))")
				.bind("query", query)
				.bind("blocker", blocker)
				.map((row) -> row.get("pid", Integer.class))
				.all()
				.collectList()
				.block(Duration.ofSeconds(10));
			if (!pids.isEmpty()) {
				return pids.get(0);
			}
			Mono.delay(Duration.ofMillis(100)).block();
		}
		throw new AssertionError("no statement like '" + query + "' waited on backend " + blocker);
	}

	private CompletableFuture<Answer> send(HttpMethod method, String token, String uri, String json) {
		WebClient.RequestBodySpec request = WebClient.create("http://127.0.0.1:" + this.port)
			.method(method)
			.uri(uri)
			.headers((headers) -> {
				if (token != null) {
					headers.setBearerAuth(token);
				}
			});
		WebClient.RequestHeadersSpec<?> spec = (json != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json)
				: request;
		return spec.exchangeToMono((response) -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> new Answer(response.statusCode().value(), body)))
			.timeout(Duration.ofSeconds(60))
			.toFuture();
	}

	private static String loginJson(String user, String password) {
		return JSON.writeValueAsString(Map.of("username", user, "password", password, "client_id", "web"));
	}

	private long liveSessions(String user) {
		return this.db
			.sql("select count(*) as n from sessions s join users u on u.id = s.user_id "
					+ "where u.username_key = :key and s.ended_at is null")
			.bind("key", user.toLowerCase())
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private boolean disabled(String user) {
		return this.db.sql("select disabled_at is not null as d from users where username_key = :key")
			.bind("key", user.toLowerCase())
			.map((row) -> row.get("d", Boolean.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private record Answer(int status, String body) {
	}

}

package io.gatehouse.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same keys in the Redis limiter, against a real {@code redis-server} started for this class on
 * a free loopback port: a stranger's attempts from one network do not block the owner's from
 * another, IPv6 addresses of one /64 share a bucket, and the per-username ceiling spans networks.
 */
class RedisLimitsIntegrationTests extends GatewayIntegrationTest {

	static final RedisProcess redis = new RedisProcess();

	@Autowired
	AttemptLimiter limiter;

	@DynamicPropertySource
	static void limits(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> String.valueOf(redis.port));
		registry.add("spring.cloud.gateway.server.webflux.trusted-proxies", () -> "127\\.0\\.0\\.1");
		registry.add("gatehouse.gateway.login-limits.per-network", () -> "4");
		registry.add("gatehouse.gateway.login-limits.per-username-and-network", () -> "2");
		registry.add("gatehouse.gateway.login-limits.per-username", () -> "5");
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void loginWhenRedisLimiterThenStrangerCannotLockOwnerOutAndSlash64SharesABucket() {
		assertThat(this.limiter).isInstanceOf(RedisAttemptLimiter.class);

		login("owner-r", "198.51.100.20").expectStatus().isUnauthorized();
		login("owner-r", "198.51.100.20").expectStatus().isUnauthorized();
		login("owner-r", "198.51.100.20").expectStatus().isEqualTo(429);
		login("owner-r", "203.0.113.20").expectStatus().isUnauthorized();
		login("owner-r", "203.0.113.21").expectStatus().isUnauthorized();
		login("owner-r", "203.0.113.22").expectStatus().isUnauthorized();
		login("owner-r", "203.0.113.23").expectStatus().isEqualTo(429);

		for (int i = 1; i <= 4; i++) {
			login("v6-" + i, "2001:db8:5:6::" + i).expectStatus().isUnauthorized();
		}
		login("v6-5", "2001:db8:5:6:ffff::1").expectStatus().isEqualTo(429);
		login("v6-6", "2001:db8:5:7::1").expectStatus().isUnauthorized();
	}

	private WebTestClient.ResponseSpec login(String username, String forwardedFor) {
		return this.http.post()
			.uri("/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "guess", "client_id", "web"))
			.exchange();
	}

	/** A throw-away {@code redis-server} without persistence, on a free loopback port. */
	static final class RedisProcess implements AutoCloseable {

		final int port;

		private final Process process;

		RedisProcess() {
			try (ServerSocket socket = new ServerSocket(0)) {
				this.port = socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			String server = Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
			try {
				this.process = new ProcessBuilder(List.of(server, "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
						"--save", "", "--appendonly", "no"))
					.redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("redis-server is needed for this test", ex);
			}
			awaitListening();
		}

		private void awaitListening() {
			for (int attempt = 0; attempt < 100; attempt++) {
				try (Socket socket = new Socket("127.0.0.1", this.port)) {
					return;
				}
				catch (IOException notYet) {
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}
			}
			throw new IllegalStateException("redis-server did not start on port " + this.port);
		}

		@Override
		public void close() {
			this.process.destroy();
		}

	}

}

package io.gatehouse.tokenservice.user;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing (spring-security-crypto, Spring Security 5.8 parameters: 16 MiB, 2 iterations),
 * always on the bounded-elastic scheduler so an event-loop thread never waits for it. Checking a
 * password against no user still runs one Argon2 verification against a fixed hash, so "unknown
 * user" and "wrong password" take the same time.
 */
@Component
public final class PasswordHasher {

	private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

	private final String decoyHash = this.encoder.encode("gatehouse-decoy-password");

	public Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	/** Whether {@code password} matches {@code hash}; a {@code null} hash is checked against a decoy and fails. */
	public Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> {
			boolean matches = this.encoder.matches(password, (hash != null) ? hash : this.decoyHash);
			return matches && hash != null;
		}).subscribeOn(Schedulers.boundedElastic());
	}

}

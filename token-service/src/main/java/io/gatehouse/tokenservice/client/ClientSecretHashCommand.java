package io.gatehouse.tokenservice.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * {@code java -jar token-service.jar hash-secret}: makes a confidential client's secret and the
 * {@code {bcrypt}} hash production mode asks for ({@code GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH},
 * {@code gatehouse.clients.<id>.secret-hash}), without starting the service. With
 * {@code --stdin} it hashes the secret given on standard input instead of making one (for a secret
 * kept elsewhere); the secret never appears on a command line, where other users could read it.
 */
public final class ClientSecretHashCommand {

	public static final String NAME = "hash-secret";

	/** 32 random bytes, base64url: as strong as the refresh tokens. */
	private static final int SECRET_BYTES = 32;

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	/** Runs the command; returns the process exit code. */
	public int run(String[] args, java.io.InputStream in, PrintStream out, PrintStream err) throws IOException {
		boolean fromStdin = args.length > 1 && "--stdin".equals(args[1]);
		if (args.length > 2 || (args.length == 2 && !fromStdin)) {
			err.println("usage: java -jar token-service.jar hash-secret [--stdin]");
			return 2;
		}
		String secret = fromStdin ? readSecret(in) : newSecret();
		if (secret == null || secret.length() < 16) {
			err.println("hash-secret: give a secret of at least 16 characters on standard input");
			return 2;
		}
		if (!fromStdin) {
			out.println("secret (give it to the client, e.g. GATEHOUSE_GATEWAY_CLIENT_SECRET): " + secret);
		}
		out.println("hash (for the token service, e.g. GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH): " + this.encoder.encode(secret));
		return 0;
	}

	private static String newSecret() {
		byte[] bytes = new byte[SECRET_BYTES];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String readSecret(java.io.InputStream in) throws IOException {
		String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
		return (line != null) ? line.strip() : null;
	}

}

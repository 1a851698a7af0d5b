package io.gatehouse.tokenservice.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hash-secret} prints a client secret and a hash the token service accepts for it. */
class ClientSecretHashCommandTests {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void hashSecretWhenNoArgumentsThenNewRandomSecretAndItsBcryptHash() throws Exception {
		assertThat(run("")).isZero();
		String printed = this.out.toString(StandardCharsets.UTF_8);
		String secret = value(printed, "secret");
		String hash = value(printed, "hash");

		assertThat(secret).matches("[A-Za-z0-9_-]{43}");
		assertThat(hash).startsWith("{bcrypt}$2a$");
		assertThat(this.encoder.matches(secret, hash)).isTrue();

		this.out.reset();
		assertThat(run("")).isZero();
		assertThat(value(this.out.toString(StandardCharsets.UTF_8), "secret")).isNotEqualTo(secret);
	}

	@Test
	void hashSecretWhenStdinThenHashesThatSecretAndNeverPrintsIt() throws Exception {
		assertThat(run("a-secret-kept-in-a-vault-42\n", "--stdin")).isZero();
		String printed = this.out.toString(StandardCharsets.UTF_8);

		assertThat(printed).doesNotContain("a-secret-kept-in-a-vault-42");
		assertThat(this.encoder.matches("a-secret-kept-in-a-vault-42", value(printed, "hash"))).isTrue();
	}

	@Test
	void hashSecretWhenStdinSecretTooShortOrBadArgumentsThenUsageExitCode() throws Exception {
		assertThat(run("short\n", "--stdin")).isEqualTo(2);
		assertThat(run("", "--bogus")).isEqualTo(2);
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("hash-secret");
	}

	private int run(String stdin, String... extra) throws Exception {
		String[] args = new String[extra.length + 1];
		args[0] = ClientSecretHashCommand.NAME;
		System.arraycopy(extra, 0, args, 1, extra.length);
		return new ClientSecretHashCommand().run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private static String value(String printed, String label) {
		Matcher matcher = Pattern.compile("(?m)^" + label + " [^:]*: (\\S+)$").matcher(printed);
		assertThat(matcher.find()).as(label + " line in " + printed).isTrue();
		return matcher.group(1);
	}

}

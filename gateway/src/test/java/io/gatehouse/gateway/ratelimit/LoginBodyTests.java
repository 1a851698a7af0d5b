package io.gatehouse.gateway.ratelimit;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class LoginBodyTests {

	private final LoginBody body = new LoginBody(JsonMapper.shared());

	@Test
	void readWhenPlainUtf8ObjectThenTheExactUsername() {
		assertThat(read("{\"username\":\"Alice\",\"password\":\"x\"}").username()).isEqualTo("Alice");
		assertThat(read("{\"username\":\"\\u0061lice\"}").username()).isEqualTo("alice");
	}

	@Test
	void readWhenOtherEncodingBomOrNulThenRefused() {
		for (String charset : new String[] { "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE" }) {
			assertThat(this.body.read("{\"username\":\"a\"}".getBytes(Charset.forName(charset))).problem()).as(charset)
				.isEqualTo("request body must be JSON in UTF-8");
		}
		assertThat(read("\uFEFF{\"username\":\"a\"}").problem()).isEqualTo("request body must be JSON in UTF-8");
		assertThat(this.body.read(new byte[] { '{', '"', 'u', '"', ':', (byte) 0xC3, '}' }).problem())
			.isEqualTo("request body must be JSON in UTF-8");
	}

	@Test
	void readWhenUsernameNotAStringOrRepeatedOrTrailedThenRefused() {
		assertThat(read("{\"username\":15551234567}").problem()).isEqualTo("username must be a string");
		assertThat(read("{\"username\":[\"a\"]}").problem()).isEqualTo("username must be a string");
		assertThat(read("{\"username\":\"a\",\"username\":\"b\"}").problem()).isEqualTo("malformed request body");
		assertThat(read("{\"username\":\"a\",\"user\\u006eame\":\"b\"}").problem()).isEqualTo("malformed request body");
		assertThat(read("{\"username\":\"a\"}{\"username\":\"b\"}").problem()).isEqualTo("malformed request body");
		assertThat(read("[{\"username\":\"a\"}]").problem()).isEqualTo("malformed request body");
		assertThat(read("").problem()).isEqualTo("malformed request body");
		assertThat(read("{}").problem()).isEqualTo("username must not be blank");
		assertThat(read("{\"username\":\"  \"}").problem()).startsWith("username must be 1-100");
		assertThat(read("{\"username\":\"" + "a".repeat(101) + "\"}").problem()).startsWith("username must be 1-100");
	}

	@Test
	void contentTypeProblemWhenNotApplicationJsonInUtf8ThenRefused() {
		assertThat(LoginBody.contentTypeProblem(MediaType.APPLICATION_JSON)).isNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.parseMediaType("application/json; charset=\"utf-8\""))).isNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.parseMediaType("application/json; charset=utf-16"))).isNotNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.TEXT_PLAIN)).isNotNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.parseMediaType("application/x+json"))).isNotNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.APPLICATION_FORM_URLENCODED)).isNotNull();
		assertThat(LoginBody.contentTypeProblem(null)).isNotNull();
	}

	@Test
	void readFormWhenPlainFormThenTheUsernameAsTheTokenServiceDecodesIt() {
		assertThat(form("request=r1&username=Alice&password=x").username()).isEqualTo("Alice");
		assertThat(form("username=a%40b.example&password=x").username()).isEqualTo("a@b.example");
		assertThat(form("username=al+ice").username()).isEqualTo("al ice");
		assertThat(form("&&username=alice&").username()).isEqualTo("alice");
		assertThat(form(" username=alice ").username()).isEqualTo("alice");
		assertThat(form("user%6Eame=alice").username()).isEqualTo("alice");
	}

	@Test
	void readFormWhenUsernameRepeatedMissingBlankLongOrMalformedThenRefused() {
		assertThat(form("username=a&username=b").problem()).isEqualTo("username is repeated");
		assertThat(form("username=a&user%6Eame=b").problem()).isEqualTo("username is repeated");
		assertThat(form("password=x").problem()).isEqualTo("username must not be blank");
		assertThat(form("username").problem()).startsWith("username must be 1-100");
		assertThat(form("username=+++").problem()).startsWith("username must be 1-100");
		assertThat(form("username=" + "a".repeat(101)).problem()).startsWith("username must be 1-100");
		assertThat(form("username=%zz").problem()).isEqualTo("malformed request body");
		assertThat(this.body.read(new byte[] { 'u', '=', (byte) 0xC3 }, LoginBody.Format.FORM).problem())
			.isEqualTo("request body must be JSON in UTF-8");
	}

	@Test
	void contentTypeProblemWhenFormRouteThenOnlyFormInUtf8() {
		assertThat(LoginBody.contentTypeProblem(MediaType.APPLICATION_FORM_URLENCODED, LoginBody.Format.FORM)).isNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.parseMediaType("application/x-www-form-urlencoded; charset=UTF-8"),
				LoginBody.Format.FORM)).isNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.APPLICATION_JSON, LoginBody.Format.FORM)).isNotNull();
		assertThat(LoginBody.contentTypeProblem(MediaType.parseMediaType("application/x-www-form-urlencoded; charset=latin1"),
				LoginBody.Format.FORM)).isNotNull();
	}

	private LoginBody.Reading form(String body) {
		return this.body.read(body.getBytes(StandardCharsets.UTF_8), LoginBody.Format.FORM);
	}

	private LoginBody.Reading read(String json) {
		return this.body.read(json.getBytes(StandardCharsets.UTF_8));
	}

}

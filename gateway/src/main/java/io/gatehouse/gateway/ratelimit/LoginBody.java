package io.gatehouse.gateway.ratelimit;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;

/**
 * The one strict reading of a login or signup body that the gateway and the token service share:
 * {@code Content-Type: application/json} (charset absent or UTF-8), the body UTF-8 only (RFC 8259
 * §8.1: no BOM, no other encoding, no raw NUL that would let a parser guess UTF-16/32), one JSON
 * object with no duplicate names and nothing after it, and {@code username} a JSON string of 1 to
 * 100 characters, not blank. Anything else is {@code invalid_request}, at both ends, so the
 * username the limiter counts (by its {@link UsernameKey}) is exactly the one the token service looks up.
 * <p>
 * The hosted login page's form ({@link Format#FORM}) is read the same strict way:
 * {@code Content-Type: application/x-www-form-urlencoded} (charset absent or UTF-8), the body
 * UTF-8, split and decoded exactly as Spring's form reader in the token service does (pairs on
 * {@code &}, trimmed, empty ones skipped, {@link URLDecoder} in UTF-8), {@code username} present
 * once with 1 to 100 characters, not blank.
 */
public final class LoginBody {

	/** The longest username the token service accepts. */
	static final int MAX_USERNAME = 100;

	private final ObjectReader reader;

	LoginBody(JsonMapper json) {
		this.reader = json.reader()
			.with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	/** Which body a route's logins come in. */
	public enum Format {

		/** {@code POST /auth/login} and {@code /auth/signup}. */
		JSON,

		/** The hosted login page's {@code POST /signin}. */
		FORM

	}

	/** Why a request with this content type cannot carry a JSON login, or {@code null} when it can. */
	static String contentTypeProblem(MediaType type) {
		return contentTypeProblem(type, Format.JSON);
	}

	/** Why a request with this content type cannot carry a login in {@code format}, or {@code null} when it can. */
	static String contentTypeProblem(MediaType type, Format format) {
		MediaType expected = (format == Format.FORM) ? MediaType.APPLICATION_FORM_URLENCODED : MediaType.APPLICATION_JSON;
		if (type == null || !expected.equalsTypeAndSubtype(type)) {
			return "content type must be " + expected;
		}
		String charset = type.getParameter("charset");
		if (charset != null && !isUtf8(charset)) {
			return "request body must be JSON in UTF-8";
		}
		return null;
	}

	private static boolean isUtf8(String charset) {
		try {
			return StandardCharsets.UTF_8.equals(java.nio.charset.Charset.forName(charset.replace("\"", "")));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The username in the JSON {@code body}, or the reason it cannot be read. */
	Reading read(byte[] body) {
		return read(body, Format.JSON);
	}

	/** The username in {@code body} of {@code format}, or the reason it cannot be read. */
	Reading read(byte[] body, Format format) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return Reading.invalid("request body must be JSON in UTF-8");
		}
		if (!text.isEmpty() && text.charAt(0) == '\uFEFF' || text.indexOf('\u0000') >= 0) {
			return Reading.invalid("request body must be JSON in UTF-8");
		}
		return (format == Format.FORM) ? readForm(text) : readJson(text);
	}

	private static Reading readForm(String text) {
		String username = null;
		for (String pair : StringUtils.tokenizeToStringArray(text, "&")) {
			int equals = pair.indexOf('=');
			String name;
			String value;
			try {
				name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
				value = (equals < 0) ? null : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return Reading.invalid("malformed request body");
			}
			if ("username".equals(name)) {
				if (username != null) {
					return Reading.invalid("username is repeated");
				}
				username = (value != null) ? value : "";
			}
		}
		return checked(username);
	}

	private Reading readJson(String text) {
		JsonNode tree;
		try {
			tree = this.reader.readTree(text);
		}
		catch (JacksonException ex) {
			return Reading.invalid("malformed request body");
		}
		if (tree == null || !tree.isObject()) {
			return Reading.invalid("malformed request body");
		}
		JsonNode username = tree.get("username");
		if (username == null || username.isNull()) {
			return Reading.invalid("username must not be blank");
		}
		if (!username.isString()) {
			return Reading.invalid("username must be a string");
		}
		return checked(username.asString());
	}

	private static Reading checked(String value) {
		if (value == null) {
			return Reading.invalid("username must not be blank");
		}
		if (value.isBlank() || value.length() > MAX_USERNAME) {
			return Reading.invalid("username must be 1-" + MAX_USERNAME + " characters, not blank");
		}
		return new Reading(value, null);
	}

	/**
	 * A read body: the username, or why there is none.
	 *
	 * @param username the username exactly as written (the token service looks up its {@link UsernameKey}),
	 * or {@code null}
	 * @param problem the {@code error_description} of the 400 answer, or {@code null}
	 */
	record Reading(String username, String problem) {

		static Reading invalid(String problem) {
			return new Reading(null, problem);
		}

	}

}

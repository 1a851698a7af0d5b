package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cookies of one browser on {@code 127.0.0.1} (every Gatehouse process of a test is there, and
 * cookies ignore ports), kept by name as a browser would for a single host and path {@code /}, and
 * a browserless sign-in through the gateway's browser mode with them: {@code GET /login}, the
 * redirects to the hosted login page, its form posted with the username and password, the
 * redirects back through {@code /login/callback} to {@code return_to}. For the tests that need
 * many parallel requests of one session across gateway replicas, which a browser tab cannot
 * address (another port is another origin).
 */
public final class CookieJar {

	private static final Pattern REQUEST_FIELD = Pattern.compile("name=\"request\"\\s+value=\"([^\"]+)\"");

	private static final int MAX_HOPS = 10;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Map<String, String> cookies = new LinkedHashMap<>();

	/** Signs {@code username} in from {@code gateway + returnTo}'s sign-in and returns the jar holding the session. */
	public static CookieJar signIn(String gateway, String returnTo, String username, String password) {
		CookieJar jar = new CookieJar();
		HttpResponse<String> page = jar.follow(jar.get(URI.create(gateway + "/login?return_to="
				+ URLEncoder.encode(returnTo, StandardCharsets.UTF_8))));
		Matcher request = REQUEST_FIELD.matcher(page.body());
		if (page.statusCode() != 200 || !request.find()) {
			throw new AssertionError("GET /login did not lead to the login page: " + page.statusCode() + " at " + page.uri()
					+ ": " + page.body());
		}
		String form = "request=" + encode(request.group(1)) + "&username=" + encode(username) + "&password="
				+ encode(password);
		HttpResponse<String> landed = jar.follow(jar.send(HttpRequest.newBuilder(page.uri())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))));
		if (!landed.uri().getPath().equals(URI.create(gateway + returnTo).getPath()) || landed.statusCode() != 200) {
			throw new AssertionError("Signing in did not land on " + returnTo + ": " + landed.statusCode() + " at "
					+ landed.uri() + ": " + landed.body());
		}
		return jar;
	}

	/** The {@code Cookie} header this browser sends. */
	public String cookieHeader() {
		return this.cookies.entrySet()
			.stream()
			.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	/** The value of cookie {@code name}, or {@code null}. */
	public String value(String name) {
		return this.cookies.get(name);
	}

	/** Takes the cookies a response sets (a {@code Max-Age=0} or empty one removes its name). */
	public void accept(HttpResponse<?> response) {
		for (String line : response.headers().allValues("set-cookie")) {
			SetCookie cookie = SetCookie.parse(line);
			if (cookie.removes()) {
				this.cookies.remove(cookie.name());
			}
			else {
				this.cookies.put(cookie.name(), cookie.value());
			}
		}
	}

	private HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	private HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hop = 0; hop < MAX_HOPS && current.statusCode() / 100 == 3; hop++) {
			String location = current.headers().firstValue("location").orElseThrow();
			current = get(current.uri().resolve(location));
		}
		return current;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html");
		if (!this.cookies.isEmpty()) {
			request.header("Cookie", cookieHeader());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			accept(response);
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * One {@code Set-Cookie} line: its name, value and attributes (names lower-case).
	 *
	 * @param name the cookie's name
	 * @param value its value
	 * @param attributes its attributes, e.g. {@code max-age → 43200}, {@code httponly → ""}
	 */
	public record SetCookie(String name, String value, Map<String, String> attributes) {

		/** Parses one {@code Set-Cookie} header value. */
		public static SetCookie parse(String line) {
			List<String> parts = List.of(line.split(";"));
			String pair = parts.get(0).strip();
			int equals = pair.indexOf('=');
			Map<String, String> attributes = new LinkedHashMap<>();
			for (String part : parts.subList(1, parts.size())) {
				String attribute = part.strip();
				int at = attribute.indexOf('=');
				attributes.put(((at < 0) ? attribute : attribute.substring(0, at)).toLowerCase(Locale.ROOT),
						(at < 0) ? "" : attribute.substring(at + 1));
			}
			return new SetCookie(pair.substring(0, equals), pair.substring(equals + 1), attributes);
		}

		/** Whether it deletes the cookie ({@code Max-Age=0} or an empty value). */
		public boolean removes() {
			return this.value.isEmpty() || "0".equals(this.attributes.get("max-age"));
		}

	}

}

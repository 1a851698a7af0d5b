package io.gatehouse.tokenservice.config;

/**
 * Converts an R2DBC URL to the JDBC URL of the same database, for the two drivers Gatehouse
 * ships: {@code r2dbc:postgresql://host:port/db?x=y} becomes {@code jdbc:postgresql://host:port/db?x=y}
 * (the R2DBC {@code schema} option becomes JDBC's {@code currentSchema}), and
 * {@code r2dbc:h2:file:///./data/name} becomes {@code jdbc:h2:file:./data/name}. A
 * {@code r2dbc:pool:} prefix is dropped, and so are credentials in the authority
 * ({@link #credentials} gives them to Flyway's user and password).
 */
public final class JdbcUrls {

	private JdbcUrls() {
	}

	public static String fromR2dbc(String r2dbcUrl) {
		String url = r2dbcUrl.trim().replaceFirst("^r2dbc:pool:", "r2dbc:");
		if (url.startsWith("r2dbc:postgresql:") || url.startsWith("r2dbc:postgres:")) {
			// pgJDBC takes no user:password@ in the host: the credentials go to Flyway's user and password.
			String jdbc = "jdbc:postgresql:" + url.substring(url.indexOf(':', "r2dbc:".length()) + 1)
				.replaceFirst("^//[^@/]*@", "//");
			// r2dbc-postgresql's "schema" option is pgJDBC's "currentSchema".
			return jdbc.replaceFirst("([?&])schema=", "$1currentSchema=");
		}
		if (url.startsWith("r2dbc:h2:file://")) {
			String rest = url.substring("r2dbc:h2:file://".length());
			int query = rest.indexOf('?');
			String path = (query < 0) ? rest : rest.substring(0, query);
			// As r2dbc-h2 does: one leading slash separates the empty host from the path.
			if (path.startsWith("/")) {
				path = path.substring(1);
			}
			return "jdbc:h2:file:" + path;
		}
		if (url.startsWith("r2dbc:h2:mem://")) {
			String rest = url.substring("r2dbc:h2:mem://".length());
			int query = rest.indexOf('?');
			return "jdbc:h2:mem:" + ((query < 0) ? rest : rest.substring(0, query)).replaceFirst("^/", "");
		}
		throw new IllegalArgumentException("Cannot derive a JDBC URL for Flyway from " + redacted(url)
				+ "; set spring.flyway.url explicitly");
	}

	/**
	 * The {@code user} and {@code password} written in the URL's authority ({@code //user:password@host}),
	 * percent-decoded; an absent part is {@code null}.
	 */
	public static Credentials credentials(String r2dbcUrl) {
		java.util.regex.Matcher userInfo = java.util.regex.Pattern.compile("^[a-z0-9:]*?://([^@/]*)@").matcher(r2dbcUrl.trim());
		if (!userInfo.find()) {
			return new Credentials(null, null);
		}
		String[] parts = userInfo.group(1).split(":", 2);
		return new Credentials(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : null);
	}

	private static String decode(String part) {
		return part.isEmpty() ? null : java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * Credentials written in a URL.
	 *
	 * @param user the user, or {@code null}
	 * @param password the password, or {@code null}
	 */
	public record Credentials(String user, String password) {
	}

	/** The URL without credentials ({@code user:password@} becomes {@code ***@}), for messages. */
	public static String redacted(String url) {
		return url.replaceAll("//[^@/]*@", "//***@").replaceAll("([?&]password=)[^&]*", "$1***");
	}

}

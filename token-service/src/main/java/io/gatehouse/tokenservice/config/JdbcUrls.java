package io.gatehouse.tokenservice.config;

/**
 * Converts an R2DBC URL to the JDBC URL of the same database, for the two drivers Gatehouse
 * ships: {@code r2dbc:postgresql://host:port/db?x=y} becomes {@code jdbc:postgresql://host:port/db?x=y}
 * (the R2DBC {@code schema} option becomes JDBC's {@code currentSchema}), and
 * {@code r2dbc:h2:file:///./data/name} becomes {@code jdbc:h2:file:./data/name}. A
 * {@code r2dbc:pool:} prefix is dropped.
 */
public final class JdbcUrls {

	private JdbcUrls() {
	}

	public static String fromR2dbc(String r2dbcUrl) {
		String url = r2dbcUrl.trim().replaceFirst("^r2dbc:pool:", "r2dbc:");
		if (url.startsWith("r2dbc:postgresql:") || url.startsWith("r2dbc:postgres:")) {
			String jdbc = "jdbc:postgresql:" + url.substring(url.indexOf(':', "r2dbc:".length()) + 1);
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

	/** The URL without credentials ({@code user:password@} becomes {@code ***@}), for messages. */
	public static String redacted(String url) {
		return url.replaceAll("//[^@/]*@", "//***@").replaceAll("([?&]password=)[^&]*", "$1***");
	}

}

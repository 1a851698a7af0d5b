package io.gatehouse.tokenservice.config;

import java.sql.SQLException;

import io.r2dbc.spi.R2dbcException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * PostgreSQL refused the login (SQLSTATE class 28: unknown role, wrong password), typically because
 * {@code SPRING_R2DBC_URL} was set without {@code SPRING_R2DBC_USERNAME}, so the embedded store's
 * user {@code sa} was tried. Says which user was refused and what to set.
 */
final class DatabaseLoginFailureAnalyzer extends AbstractFailureAnalyzer<Exception> {

	private static final String INVALID_AUTHORIZATION = "28";

	private final Environment environment;

	DatabaseLoginFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, Exception cause) {
		for (Throwable each = rootFailure; each != null; each = each.getCause()) {
			String state = sqlState(each);
			if (state != null && state.startsWith(INVALID_AUTHORIZATION)) {
				String user = this.environment.getProperty("spring.r2dbc.username", "");
				String url = JdbcUrls.redacted(this.environment.getProperty("spring.r2dbc.url", ""));
				return new FailureAnalysis("The database at " + url + " refused the login of user '" + user + "': "
						+ each.getMessage(),
						"Set SPRING_R2DBC_USERNAME and SPRING_R2DBC_PASSWORD (spring.r2dbc.username/password) to a "
								+ "PostgreSQL role that owns the Gatehouse database; with SPRING_R2DBC_URL alone the "
								+ "embedded store's user 'sa' is used.",
						each);
			}
		}
		return null;
	}

	private static String sqlState(Throwable failure) {
		if (failure instanceof R2dbcException r2dbc) {
			return r2dbc.getSqlState();
		}
		if (failure instanceof SQLException sql) {
			return sql.getSQLState();
		}
		return null;
	}

}

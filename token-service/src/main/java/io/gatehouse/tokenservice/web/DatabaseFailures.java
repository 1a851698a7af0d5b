package io.gatehouse.tokenservice.web;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a database that is down, unreachable or too slow, as opposed to a bad request, so it
 * is answered with 503 {@code temporarily_unavailable} and never with an error that makes a
 * client discard its session.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataIntegrityViolationException || cause instanceof R2dbcDataIntegrityViolationException
					|| cause instanceof R2dbcBadGrammarException) {
				return false;
			}
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof QueryTimeoutException || cause instanceof CannotCreateTransactionException
					|| cause instanceof R2dbcException || cause instanceof TimeoutException
					|| cause instanceof IOException || isPoolOrDriverConnectionFailure(cause)) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static boolean isPoolOrDriverConnectionFailure(Throwable cause) {
		String name = cause.getClass().getName();
		return name.startsWith("io.r2dbc.pool.") || name.endsWith("PostgresConnectionException")
				|| name.endsWith("PostgresConnectionClosedException") || name.startsWith("io.netty.channel.");
	}

}

package io.gatehouse.tokenservice.support;

import java.util.concurrent.atomic.AtomicLong;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the SQL statements the application sends to its store, by wrapping the application's
 * {@link ConnectionFactory} in an r2dbc-proxy. The revocation feed's polling reads (of the feed and
 * of the store's incarnation, which run on a timer, whatever a test does) are left out, so a test can compare what two requests cost. Add it
 * to a test's context with {@code @Import(StatementCounter.class)}.
 */
public final class StatementCounter implements BeanPostProcessor {

	private final AtomicLong statements = new AtomicLong();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConnectionFactory factory) {
			return ProxyConnectionFactory.builder(factory).listener(new Listener()).build();
		}
		return bean;
	}

	/** Statements sent since the context started. */
	public long count() {
		return this.statements.get();
	}

	/**
	 * How many statements {@code action} made the application send. First waits (at most 10 s) until
	 * no statement has been sent for half a second, so that a previous test's late statements (a
	 * change the store timed out, finishing after its answer) are not counted as this action's.
	 */
	public long during(Runnable action) {
		awaitQuiet();
		long before = count();
		action.run();
		return count() - before;
	}

	private void awaitQuiet() {
		long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		long seen = count();
		while (System.nanoTime() < deadline) {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			long now = count();
			if (now == seen) {
				return;
			}
			seen = now;
		}
	}

	private final class Listener implements ProxyExecutionListener {

		@Override
		public void afterQuery(QueryExecutionInfo execution) {
			execution.getQueries().forEach((query) -> {
				if (!isFeedPoll(query.getQuery())) {
					StatementCounter.this.statements.incrementAndGet();
				}
			});
		}

		private static boolean isFeedPoll(String sql) {
			String text = sql.strip().toLowerCase(java.util.Locale.ROOT);
			return text.startsWith("select")
					&& (text.contains("from session_revocations") || text.contains("from feed_incarnation"));
		}

	}

}

package io.gatehouse.tokenservice.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The JDBC URL Flyway gets for the R2DBC URL the service runs on. */
class JdbcUrlsTests {

	@Test
	void fromR2dbcWhenPostgresWithSchemaThenJdbcWithCurrentSchema() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:postgresql://db.internal:5432/gatehouse?schema=tenant_a"))
			.isEqualTo("jdbc:postgresql://db.internal:5432/gatehouse?currentSchema=tenant_a");
	}

	@Test
	void fromR2dbcWhenSchemaIsNotTheFirstOptionThenStillCurrentSchemaAndOtherOptionsKept() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:postgresql://db:5432/gatehouse?sslmode=require&schema=auth"))
			.isEqualTo("jdbc:postgresql://db:5432/gatehouse?sslmode=require&currentSchema=auth");
	}

	@Test
	void fromR2dbcWhenPostgresWithoutOptionsThenSameHostPortAndDatabase() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:postgresql://127.0.0.1:5432/test"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
	}

	@Test
	void fromR2dbcWhenCredentialsInTheUrlThenJdbcUrlWithoutThemAndCredentialsReadDecoded() {
		String url = "r2dbc:postgresql://gate%40house:p%3Ass+w@db.internal:5432/gatehouse";

		assertThat(JdbcUrls.fromR2dbc(url)).isEqualTo("jdbc:postgresql://db.internal:5432/gatehouse");
		assertThat(JdbcUrls.credentials(url)).isEqualTo(new JdbcUrls.Credentials("gate@house", "p:ss+w"));
		assertThat(JdbcUrls.credentials("r2dbc:postgresql://db/gatehouse")).isEqualTo(new JdbcUrls.Credentials(null, null));
		assertThat(JdbcUrls.credentials("r2dbc:postgresql://only-user@db/gatehouse"))
			.isEqualTo(new JdbcUrls.Credentials("only-user", null));
	}

	@Test
	void fromR2dbcWhenPostgresAliasOrPoolPrefixThenPlainPostgresql() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:postgres://db/gatehouse")).isEqualTo("jdbc:postgresql://db/gatehouse");
		assertThat(JdbcUrls.fromR2dbc(" r2dbc:pool:postgresql://db/gatehouse?schema=s "))
			.isEqualTo("jdbc:postgresql://db/gatehouse?currentSchema=s");
	}

	@Test
	void fromR2dbcWhenOptionMerelyEndsInSchemaThenUntouched() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:postgresql://db/gatehouse?searchSchema=x"))
			.isEqualTo("jdbc:postgresql://db/gatehouse?searchSchema=x");
	}

	@Test
	void fromR2dbcWhenH2FileRelativeThenJdbcFileRelative() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:h2:file:///./data/gatehouse")).isEqualTo("jdbc:h2:file:./data/gatehouse");
	}

	@Test
	void fromR2dbcWhenH2FileAbsoluteThenJdbcFileAbsoluteWithoutOptions() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:h2:file:////var/lib/gatehouse/gatehouse"))
			.isEqualTo("jdbc:h2:file:/var/lib/gatehouse/gatehouse");
		assertThat(JdbcUrls.fromR2dbc("r2dbc:h2:file:///./data/gatehouse?options=DB_CLOSE_DELAY=-1"))
			.isEqualTo("jdbc:h2:file:./data/gatehouse");
	}

	@Test
	void fromR2dbcWhenH2InMemoryThenJdbcInMemory() {
		assertThat(JdbcUrls.fromR2dbc("r2dbc:h2:mem:///testdb")).isEqualTo("jdbc:h2:mem:testdb");
	}

	@Test
	void fromR2dbcWhenUnsupportedDriverThenSaysWhatToSetWithoutLeakingPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcUrls.fromR2dbc("r2dbc:mysql://app:s3cret@db/gatehouse"))
			.withMessageContaining("set spring.flyway.url explicitly")
			.withMessageContaining("//***@db/gatehouse")
			.withMessageNotContaining("s3cret");
	}

}

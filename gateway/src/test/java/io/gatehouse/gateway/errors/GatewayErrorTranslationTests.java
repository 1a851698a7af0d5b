package io.gatehouse.gateway.errors;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/** How failures of an upstream exchange become the gateway's answers. */
class GatewayErrorTranslationTests {

	@Test
	void translateWhenUpstreamAnswerHeadersTooLargeThen502OnEveryRouteNever500() {
		Throwable failure = new IllegalStateException("response failed",
				new TooLongHttpHeaderException("HTTP header is larger than 8192 bytes."));

		for (boolean tokenServiceRoute : new boolean[] { true, false }) {
			GatewayErrorWebExceptionHandler.GatewayError error = GatewayErrorWebExceptionHandler.translate(failure,
					tokenServiceRoute);
			assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
			assertThat(error.code()).isEqualTo("bad_gateway");
		}
	}

}

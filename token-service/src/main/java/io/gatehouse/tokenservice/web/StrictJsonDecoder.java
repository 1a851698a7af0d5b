package io.gatehouse.tokenservice.web;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;

/**
 * The token service's only JSON reader, and the same strict reading the gateway's login limiter
 * applies: {@code application/json} only, in UTF-8 only (RFC 8259 §8.1: a {@code charset} other than
 * UTF-8, a BOM, invalid UTF-8 or a raw NUL, from which Jackson would guess UTF-16/32, is refused), no
 * duplicate member names, nothing after the value, and no scalar coerced into another type (a number
 * is not a username). Refusals are 400 {@code invalid_request}.
 */
final class StrictJsonDecoder extends JacksonJsonDecoder {

	StrictJsonDecoder(JsonMapper mapper) {
		super(strict(mapper), MediaType.APPLICATION_JSON);
	}

	private static JsonMapper strict(JsonMapper mapper) {
		return mapper.rebuild()
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual, (text) -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.build();
	}

	@Override
	public Object decode(DataBuffer buffer, ResolvableType targetType, MimeType mimeType, Map<String, Object> hints)
			throws DecodingException {
		String problem = problem(buffer, mimeType);
		if (problem != null) {
			DataBufferUtils.release(buffer);
			throw OAuthError.invalidRequest(problem).exception();
		}
		return super.decode(buffer, targetType, mimeType, hints);
	}

	private static String problem(DataBuffer buffer, MimeType mimeType) {
		String charset = (mimeType != null) ? mimeType.getParameter("charset") : null;
		if (charset != null && !isUtf8(charset)) {
			return "request body must be JSON in UTF-8";
		}
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.toByteBuffer(0, bytes.length).get(bytes);
		for (byte b : bytes) {
			if (b == 0) {
				return "request body must be JSON in UTF-8";
			}
		}
		if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
			return "request body must be JSON in UTF-8";
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes));
		}
		catch (CharacterCodingException ex) {
			return "request body must be JSON in UTF-8";
		}
		return null;
	}

	private static boolean isUtf8(String charset) {
		try {
			return StandardCharsets.UTF_8.equals(Charset.forName(charset.replace("\"", "")));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}

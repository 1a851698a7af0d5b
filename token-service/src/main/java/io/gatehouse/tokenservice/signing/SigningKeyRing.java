package io.gatehouse.tokenservice.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;

/**
 * An immutable snapshot of all signing keys, ordered by generation, answering the two questions
 * of a rotation: which key signs now (the newest one already active), and which keys are
 * published (every key that has not yet activated, the active one, and each retired key until
 * its successor has been active for longer than any token it signed can live).
 */
final class SigningKeyRing {

	private final List<SigningKey> keys;

	SigningKeyRing(List<SigningKey> keys) {
		this.keys = keys.stream().sorted(Comparator.comparingInt(SigningKey::generation)).toList();
	}

	static SigningKeyRing empty() {
		return new SigningKeyRing(List.of());
	}

	List<SigningKey> keys() {
		return this.keys;
	}

	Optional<SigningKey> activeAt(Instant now) {
		SigningKey active = null;
		for (SigningKey key : this.keys) {
			if (key.isActiveAt(now)) {
				active = key;
			}
		}
		return Optional.ofNullable(active);
	}

	Optional<SigningKey> newest() {
		return this.keys.isEmpty() ? Optional.empty() : Optional.of(this.keys.get(this.keys.size() - 1));
	}

	/**
	 * The public keys to publish at {@code now}: a key retires when its successor activates and
	 * stays published for {@code retiredKeyRetention} after that.
	 */
	List<JWK> publishedAt(Instant now, Duration retiredKeyRetention) {
		List<JWK> published = new ArrayList<>();
		for (int i = 0; i < this.keys.size(); i++) {
			Instant retiredAt = (i + 1 < this.keys.size()) ? this.keys.get(i + 1).activatesAt() : null;
			if (retiredAt == null || retiredAt.plus(retiredKeyRetention).isAfter(now)) {
				published.add(this.keys.get(i).publicJwk());
			}
		}
		Collections.reverse(published);
		return published;
	}

}

package io.gatehouse.tokenservice.signing;

import java.time.Clock;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.config.RuntimeMode;

/**
 * Wires the signing keys: the key-encryption key is checked when the context starts (so an unsafe
 * production setup fails at once), keys are loaded before the server accepts requests, and every
 * {@code gatehouse.signing.check-interval} each replica reloads them and rotates when due.
 */
@Configuration(proxyBeanMethods = false)
class SigningKeysConfiguration {

	@Bean
	KeyEncryptionKey keyEncryptionKey(SigningProperties signing, GatehouseProperties gatehouse, RuntimeMode mode) {
		return KeyEncryptionKey.load(signing, gatehouse, mode);
	}

	@Bean
	SigningKeys signingKeys(DatabaseClient db, KeyEncryptionKey keyEncryptionKey, SigningProperties properties,
			ClientRegistry clients, Clock clock) {
		return new SigningKeys(new SigningKeyRepository(db), new PrivateKeySealer(keyEncryptionKey), properties, clients,
				clock);
	}

	@Bean
	SmartLifecycle signingKeyRefresher(SigningKeys keys, SigningProperties properties) {
		return new SigningKeyRefresher(keys, properties);
	}

	/** Loads keys before the web server starts, then refreshes them on a fixed delay. */
	private static final class SigningKeyRefresher implements SmartLifecycle {

		private final SigningKeys keys;

		private final SigningProperties properties;

		private volatile Disposable schedule;

		SigningKeyRefresher(SigningKeys keys, SigningProperties properties) {
			this.keys = keys;
			this.properties = properties;
		}

		@Override
		public void start() {
			this.keys.refresh().block(this.properties.checkInterval().plusSeconds(30));
			this.schedule = Flux.interval(this.properties.checkInterval())
				.concatMap((tick) -> this.keys.refreshQuietly())
				.subscribe();
		}

		@Override
		public void stop() {
			Disposable current = this.schedule;
			if (current != null) {
				current.dispose();
			}
			this.schedule = null;
		}

		@Override
		public boolean isRunning() {
			return this.schedule != null;
		}

		@Override
		public int getPhase() {
			// Before the web server (WebServerStartStopLifecycle runs at a later phase).
			return SmartLifecycle.DEFAULT_PHASE - 2048;
		}

	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;

import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.authorization.AuthorizationProperties;
import io.gatehouse.tokenservice.authorization.AuthorizationStore;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.revocation.SessionRevocationRepository;

/** Runs the {@link SessionPurgeJob} every {@code gatehouse.sessions.purge-interval} while the service runs. */
@Configuration(proxyBeanMethods = false)
class SessionPurgeConfiguration {

	@Bean
	SessionPurgeJob sessionPurgeJob(SessionRepository sessions, SessionService sessionService, AuditTrail audit,
			ClientRegistry clients, SessionRevocationRepository revocations, SessionProperties properties, Clock clock,
			AuthorizationStore authorizations, AuthorizationProperties authorizationProperties) {
		return new SessionPurgeJob(sessions, sessionService, audit, clients, revocations, properties, clock,
				authorizations, authorizationProperties);
	}

	@Bean
	SmartLifecycle sessionPurgeSchedule(SessionPurgeJob job) {
		return new SmartLifecycle() {

			private volatile Disposable running;

			@Override
			public void start() {
				this.running = job.schedule().subscribe();
			}

			@Override
			public void stop() {
				if (this.running != null) {
					this.running.dispose();
				}
				this.running = null;
			}

			@Override
			public boolean isRunning() {
				return this.running != null;
			}

		};
	}

}

package io.gatehouse.tokenservice.session;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.tokenservice.audit.AuditTrail;
import io.gatehouse.tokenservice.authorization.AuthorizationProperties;
import io.gatehouse.tokenservice.authorization.AuthorizationStore;
import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.revocation.SessionRevocationRepository;

/**
 * Runs the {@link SessionPurgeJob} every {@code gatehouse.sessions.purge-interval}, and the count of
 * {@link ActiveSessionsGauge} every {@code gatehouse.sessions.active-count-interval}, while the
 * service runs.
 */
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
	ActiveSessionsGauge activeSessionsGauge(DatabaseClient db, ClientRegistry clients, MeterRegistry meters,
			Clock clock, SessionProperties properties) {
		return new ActiveSessionsGauge(db, clients, meters, clock, properties);
	}

	@Bean
	SmartLifecycle sessionPurgeSchedule(SessionPurgeJob job) {
		return whileRunning(job.schedule());
	}

	@Bean
	SmartLifecycle activeSessionsCountSchedule(ActiveSessionsGauge gauge) {
		return whileRunning(gauge.schedule());
	}

	/** Subscribes to {@code schedule} when the context starts and disposes it when it stops. */
	private static SmartLifecycle whileRunning(Flux<?> schedule) {
		return new SmartLifecycle() {

			private volatile Disposable running;

			@Override
			public void start() {
				this.running = schedule.subscribe();
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

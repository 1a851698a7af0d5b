package io.gatehouse.tokenservice.doctor;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import io.gatehouse.doctor.Doctor;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.revocation.FeedFollowers;
import io.gatehouse.tokenservice.signing.SigningProperties;

/**
 * The {@link Doctor} and its checks, from the bound settings, the store's client and (in the running
 * service only) the feed's followers: the same in the service and in the {@code doctor} command.
 */
@Configuration(proxyBeanMethods = false)
class DoctorChecksConfiguration {

	@Bean
	Doctor gatehouseDoctor(GatehouseProperties gatehouse, ClientsProperties clients, SigningProperties signing,
			RuntimeMode mode, Environment environment, DatabaseClient db, ObjectProvider<FeedFollowers> followers) {
		boolean production = mode.isProduction();
		StoreAccess store = new StoreAccess(StoreSettings.from(environment), db);
		FeedFollowers feedFollowers = followers.getIfAvailable();
		return new Doctor(List.of(new ClientChecks(clients, production), new StoreChecks(store, production),
				new SecretChecks(signing, gatehouse, clients, production, store),
				new UrlChecks(gatehouse, clients, production),
				new ReplicaChecks((feedFollowers != null) ? feedFollowers::current : List::of, clients)));
	}

}

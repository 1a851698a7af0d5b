package io.gatehouse.tokenservice.account;

import java.time.ZoneId;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The account pages under {@code gatehouse.account.*}.
 *
 * @param timeZone the time zone the pages show dates in, named beside each date; default {@code UTC}.
 * The pages run no script, so the browser's own zone is not known to them; set it to your users'
 * zone (e.g. {@code Europe/Berlin}). Dates are written in the language of the browser's
 * {@code Accept-Language}.
 */
@Validated
@ConfigurationProperties("gatehouse.account")
public record AccountProperties(@NotNull @DefaultValue("UTC") ZoneId timeZone) {
}

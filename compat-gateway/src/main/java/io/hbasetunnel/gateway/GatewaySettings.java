package io.hbasetunnel.gateway;

import java.time.ZoneId;
import java.util.List;

/**
 * How a gateway runs.
 *
 * @param allowed client ranges that may call (LTS's whitelist)
 * @param trustedProxies peers whose X-Forwarded-For is believed
 * @param token bearer token required when not null
 * @param zone time zone of {@code syncDate}
 */
public record GatewaySettings(String namespace, List<CidrRange> allowed, List<CidrRange> trustedProxies, String token,
    long maxBodyBytes, ZoneId zone) {

  /** Parses CIDR strings, saying which one is wrong. */
  public static List<CidrRange> ranges(List<String> cidrs) {
    return cidrs.stream().map(CidrRange::parse).toList();
  }
}

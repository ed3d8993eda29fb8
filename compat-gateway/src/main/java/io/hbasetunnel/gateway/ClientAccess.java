package io.hbasetunnel.gateway;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Who may call: LTS's "client IP is in the whitelist" as a CIDR allow-list, X-Forwarded-For
 * believed only when the direct peer is a configured proxy, and an optional bearer token.
 */
final class ClientAccess {
  private final List<CidrRange> allowed;
  private final List<CidrRange> trustedProxies;
  private final byte[] token;

  ClientAccess(List<CidrRange> allowed, List<CidrRange> trustedProxies, String token) {
    this.allowed = List.copyOf(allowed);
    this.trustedProxies = List.copyOf(trustedProxies);
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The address the request comes from: the peer, or, when the peer is a trusted proxy, the
   * right-most X-Forwarded-For hop that is not itself a trusted proxy. Every header line counts:
   * several X-Forwarded-For lines are one comma-separated list (RFC 9110, 5.3), and a proxy may
   * add its own line rather than extend the client's. A hop that is not a numeric IP cannot be
   * placed, so the caller cannot be told apart: refused rather than guessed or looked up.
   */
  InetAddress clientAddress(String peer, List<String> forwardedFor) {
    InetAddress address = NumericAddress.parseOrNull(peer);
    if (address == null) {
      throw new LtsException(403, "cannot tell the client's address");
    }
    if (!inAny(trustedProxies, address)) {
      return address;
    }
    List<String> hops = forwardedFor.stream()
        .flatMap(line -> Arrays.stream(line.split(",")))
        .map(String::strip)
        .filter(hop -> !hop.isEmpty())
        .toList();
    for (int i = hops.size() - 1; i >= 0; i--) {
      address = NumericAddress.parseOrNull(hops.get(i));
      if (address == null) {
        throw new LtsException(403, "X-Forwarded-For hop " + SafeEcho.of(hops.get(i))
            + " is not an IP address, so the client's address is unknown; the proxy must forward numeric addresses");
      }
      if (!inAny(trustedProxies, address)) {
        return address;
      }
    }
    return address;
  }

  void check(String peer, List<String> forwardedFor, String authorization) {
    check(peer, forwardedFor, authorization, false);
  }

  /**
   * @param page the status page: a browser cannot send a bearer token, so there the token is also
   *     accepted as the password of HTTP Basic (any user name); the LTS calls take the bearer header only
   */
  void check(String peer, List<String> forwardedFor, String authorization, boolean page) {
    InetAddress client = clientAddress(peer, forwardedFor);
    if (!inAny(allowed, client)) {
      throw new LtsException(403, "client address " + client.getHostAddress() + " is not in the allow-list;"
          + " add it (or its network) to the gateway's --allow-cidr / allowCidrs setting");
    }
    if (token != null) {
      String presented = authorization != null && authorization.startsWith("Bearer ")
          ? authorization.substring(7).trim() : null;
      if (page && presented == null) {
        presented = basicPassword(authorization);
      }
      if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
        throw new LtsException(401, page
            ? "missing or wrong token; sign in with any user name and the gateway's token as password"
            : "missing or wrong bearer token; send the header 'Authorization: Bearer <token>'");
      }
    }
  }

  boolean tokenRequired() {
    return token != null;
  }

  private static String basicPassword(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean inAny(List<CidrRange> ranges, InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }
}

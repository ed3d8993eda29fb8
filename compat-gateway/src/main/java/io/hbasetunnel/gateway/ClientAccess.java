package io.hbasetunnel.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
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
   * right-most address of X-Forwarded-For that is not itself a trusted proxy.
   */
  InetAddress clientAddress(String peer, String forwardedFor) {
    InetAddress address = parse(peer);
    if (forwardedFor == null || forwardedFor.isBlank() || !inAny(trustedProxies, address)) {
      return address;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = parseOrNull(hops[i].trim());
      if (hop == null) {
        return address;
      }
      address = hop;
      if (!inAny(trustedProxies, hop)) {
        break;
      }
    }
    return address;
  }

  void check(String peer, String forwardedFor, String authorization) {
    InetAddress client = clientAddress(peer, forwardedFor);
    if (!inAny(allowed, client)) {
      throw new LtsException(403, "client address " + client.getHostAddress() + " is not in the allow-list;"
          + " add it (or its network) to the gateway's --allow-cidr / allowCidrs setting");
    }
    if (token != null) {
      String presented = authorization != null && authorization.startsWith("Bearer ")
          ? authorization.substring(7).trim() : null;
      if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
        throw new LtsException(401, "missing or wrong bearer token; send the header 'Authorization: Bearer <token>'");
      }
    }
  }

  private static boolean inAny(List<CidrRange> ranges, InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  private static InetAddress parse(String literal) {
    InetAddress address = parseOrNull(literal);
    if (address == null) {
      throw new LtsException(403, "cannot tell the client's address");
    }
    return address;
  }

  private static InetAddress parseOrNull(String literal) {
    if (literal == null || literal.isEmpty() || !literal.matches("^[0-9a-fA-F:.\\[\\]]+$")) {
      return null;
    }
    try {
      return InetAddress.getByName(literal.replace("[", "").replace("]", ""));
    } catch (UnknownHostException e) {
      return null;
    }
  }
}

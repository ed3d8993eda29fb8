package io.hbasetunnel.gateway;

import java.net.InetAddress;

/** An IPv4 or IPv6 address range in CIDR notation, e.g. 10.0.0.0/8 or fd00::/8. */
public record CidrRange(byte[] network, int prefixLength, String text) {
  static CidrRange parse(String cidr) {
    String trimmed = cidr.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress parsed = NumericAddress.parseOrNull(address);
    if (parsed == null) {
      // only literal addresses are meant here, never a host name to look up
      throw new IllegalArgumentException("'" + cidr + "' is not an IP range like 10.0.0.0/8 or fd00::/8");
    }
    try {
      byte[] bytes = parsed.getAddress();
      int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("'" + cidr + "': prefix length must be 0.." + bytes.length * 8);
      }
      return new CidrRange(bytes, prefix, trimmed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not an IP range like 10.0.0.0/8 or fd00::/8");
    }
  }

  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    if (remainingBits == 0) {
      return true;
    }
    int mask = (0xFF << (8 - remainingBits)) & 0xFF;
    return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}

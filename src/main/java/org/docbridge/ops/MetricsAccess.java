package org.docbridge.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may read {@code /metrics}: a caller presenting the key ({@code Authorization: Bearer <key>}),
 * or one connecting from an allowed address or range ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
 * {@code 127.0.0.1}). Only literal addresses: a host name in the list is an error, since resolving
 * it on each request would make access depend on DNS.
 */
final class MetricsAccess {

    private final byte[] key;
    private final List<Range> allowed;

    /** {@code key} null: no key works; {@code allow}: comma-separated addresses and ranges. */
    MetricsAccess(String key, String allow) {
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        this.allowed = parse(allow);
    }

    boolean permits(String remoteAddress, String authorization) {
        if (key != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, key)) {
                return true;
            }
        }
        byte[] address = literal(remoteAddress);
        return address != null && allowed.stream().anyMatch(r -> r.contains(address));
    }

    List<String> describe() {
        return allowed.stream().map(Range::toString).toList();
    }

    private static List<Range> parse(String allow) {
        List<Range> ranges = new ArrayList<>();
        if (allow == null) {
            return ranges;
        }
        for (String entry : allow.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalStateException("docbridge.metrics.allow: '" + e + "' is not an IP address or a range"
                        + " such as 10.0.0.0/8 (host names are not accepted)");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException n) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalStateException("docbridge.metrics.allow: '" + e + "' has a prefix length outside 0 to "
                            + bits);
                }
            }
            ranges.add(new Range(address, prefix, e));
        }
        return ranges;
    }

    /** The bytes of a literal IPv4 or IPv6 address (an IPv4-mapped IPv6 one as IPv4); null for anything else. */
    static byte[] literal(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.chars().allMatch(c -> c == '.' || Character.isDigit(c)) && t.chars().filter(c -> c == '.').count() == 3;
        boolean v6 = t.indexOf(':') >= 0 && t.chars().allMatch(c -> c == ':' || c == '.' || c == '%'
                || Character.digit(c, 16) >= 0 || Character.isLetterOrDigit(c));
        if (!v4 && !v6) {
            return null; // never a name lookup
        }
        try {
            return InetAddress.getByName(t).getAddress(); // a literal: no DNS
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

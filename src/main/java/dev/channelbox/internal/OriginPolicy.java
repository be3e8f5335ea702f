package dev.channelbox.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a connection (cross-site WebSocket hijacking: a page elsewhere
 * must not ride on the user's cookies). Clients that send no {@code Origin} are not browsers and are
 * not concerned.
 *
 * <p>Patterns: {@code "*"} (any), {@code "scheme://host"} (default port), {@code "scheme://host:port"},
 * {@code "scheme://host:*"} (any port). An empty list means the same origin only: the page's origin
 * names the host and port the request was sent to.
 */
public final class OriginPolicy {

    private OriginPolicy() {
    }

    public static boolean isValidPattern(String pattern) {
        if ("*".equals(pattern)) {
            return true;
        }
        return parse(pattern.replace(":*", ":1")) != null;
    }

    /** Whether an explicit allowlist admits {@code origin} (no list: see {@link #allows}). */
    public static boolean allowedByList(String origin, List<String> patterns) {
        Origin o = parse(origin);
        if (o == null) {
            return false;
        }
        for (String p : patterns) {
            if ("*".equals(p)) {
                return true;
            }
            boolean anyPort = p.endsWith(":*");
            Origin q = parse(anyPort ? p.substring(0, p.length() - 2) : p);
            if (q != null && q.scheme.equals(o.scheme) && q.host.equals(o.host) && (anyPort || q.port == o.port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param origin the {@code Origin} header, or null
     * @param host   the {@code Host} header, for the same-origin rule
     */
    static boolean allows(String origin, String host, List<String> patterns) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        if (!patterns.isEmpty()) {
            return allowedByList(origin, patterns);
        }
        Origin o = parse(origin);
        if (o == null || host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT).trim();
        return h.equals(o.host + ":" + o.port) || (o.port == o.defaultPort() && h.equals(o.host));
    }

    private record Origin(String scheme, String host, int port) {
        int defaultPort() {
            return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        }
    }

    private static Origin parse(String s) {
        try {
            URI u = new URI(s.trim());
            if (u.getScheme() == null || u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty())
                    || u.getQuery() != null || u.getFragment() != null || u.getUserInfo() != null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : (scheme.equals("https") || scheme.equals("wss") ? 443 : 80);
            return new Origin(scheme, u.getHost().toLowerCase(Locale.ROOT), port);
        } catch (Exception malformed) {
            return null;
        }
    }
}

package dev.channelbox.standalone;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.DataChunk;
import org.glassfish.grizzly.http.util.MimeHeaders;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Map;

/**
 * The opening handshake rules of RFC 6455 §4.2.1 that Tyrus does not enforce itself (it upgrades a
 * {@code POST}, an HTTP/1.0 request or a key that is not base64 of 16 bytes, answers a missing key
 * with a 500 and another version with a "426 CUSTOM" that never ends).
 */
final class UpgradeRequestCheck {

    /** What the client gets instead of 101. */
    record Problem(int status, String reasonPhrase, String message, Map<String, String> headers) {
    }

    static final String VERSION = "13";

    private UpgradeRequestCheck() {
    }

    /** {@code null} when the request is a valid WebSocket opening handshake (apart from the route's own checks). */
    static Problem check(HttpRequestPacket request) {
        if (!Method.GET.equals(request.getMethod())) {
            return badRequest("a WebSocket upgrade must be a GET request");
        }
        if (request.getProtocol() != Protocol.HTTP_1_1) {
            return badRequest("a WebSocket upgrade needs HTTP/1.1");
        }
        // one pass over the headers for the three this needs (each lookup by name walks them all)
        MimeHeaders headers = request.getHeaders();
        boolean upgrade = false;
        int versions = 0;
        String version = null;
        int keys = 0;
        String key = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            DataChunk name = headers.getName(i);
            if (name.equalsIgnoreCase("connection")) {
                upgrade = upgrade || hasToken(headers.getValue(i).toString(), "upgrade");
            } else if (name.equalsIgnoreCase("sec-websocket-version")) {
                versions++;
                version = headers.getValue(i).toString();
            } else if (name.equalsIgnoreCase("sec-websocket-key")) {
                keys++;
                key = headers.getValue(i).toString();
            }
        }
        if (!upgrade) {
            return badRequest("a WebSocket upgrade needs Connection: Upgrade");
        }
        if (versions != 1) {
            return badRequest("a WebSocket upgrade needs one Sec-WebSocket-Version header");
        }
        if (!VERSION.equals(version.trim())) {
            return new Problem(426, "Upgrade Required", "this server speaks WebSocket version " + VERSION,
                    Map.of("Sec-WebSocket-Version", VERSION));
        }
        if (keys != 1 || !validKey(key.trim())) {
            return badRequest("a WebSocket upgrade needs one Sec-WebSocket-Key: base64 of 16 bytes");
        }
        String query = request.getQueryString();
        String uri = request.getRequestURI() + (query == null ? "" : "?" + query);
        if (!plain(uri)) {
            try {
                // Tyrus builds a java.net.URI of path and query after the upgrade; one it cannot parse
                // would fail the connection after the 101
                new URI(uri);
            } catch (URISyntaxException e) {
                return badRequest("malformed request URI");
            }
        }
        return null;
    }

    /** Letters, digits and {@code / - . _ ~ ? = &} only: a URI whatever their order (no parse needed). */
    private static boolean plain(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '-' || c == '.' || c == '_' || c == '~' || c == '?' || c == '=' || c == '&')) {
                return false;
            }
        }
        return true;
    }

    private static Problem badRequest(String message) {
        return new Problem(400, "Bad Request", message, Map.of("Sec-WebSocket-Version", VERSION));
    }

    private static boolean validKey(String key) {
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the comma-separated header value has {@code token} (lower case) as one of its elements. */
    private static boolean hasToken(String headerValue, String token) {
        int from = 0;
        while (from <= headerValue.length()) {
            int to = headerValue.indexOf(',', from);
            if (to < 0) {
                to = headerValue.length();
            }
            int a = from;
            int b = to;
            while (a < b && headerValue.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && headerValue.charAt(b - 1) <= ' ') {
                b--;
            }
            if (b - a == token.length() && headerValue.regionMatches(true, a, token, 0, token.length())) {
                return true;
            }
            from = to + 1;
        }
        return false;
    }
}

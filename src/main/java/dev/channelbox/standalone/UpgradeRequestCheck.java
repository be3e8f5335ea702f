package dev.channelbox.standalone;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
        if (!hasToken(values(request, "Connection"), "upgrade")) {
            return badRequest("a WebSocket upgrade needs Connection: Upgrade");
        }
        List<String> versions = values(request, "Sec-WebSocket-Version");
        if (versions.size() != 1) {
            return badRequest("a WebSocket upgrade needs one Sec-WebSocket-Version header");
        }
        if (!VERSION.equals(versions.get(0).trim())) {
            return new Problem(426, "Upgrade Required", "this server speaks WebSocket version " + VERSION,
                    Map.of("Sec-WebSocket-Version", VERSION));
        }
        List<String> keys = values(request, "Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
            return badRequest("a WebSocket upgrade needs one Sec-WebSocket-Key: base64 of 16 bytes");
        }
        try {
            // Tyrus builds a java.net.URI of path and query after the upgrade; one it cannot parse
            // would fail the connection after the 101
            String query = request.getQueryString();
            new URI(request.getRequestURI() + (query == null ? "" : "?" + query));
        } catch (URISyntaxException e) {
            return badRequest("malformed request URI");
        }
        return null;
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

    private static List<String> values(HttpRequestPacket request, String name) {
        List<String> all = new ArrayList<>();
        request.getHeaders().values(name).forEach(all::add);
        return all;
    }

    private static boolean hasToken(List<String> headerValues, String token) {
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}

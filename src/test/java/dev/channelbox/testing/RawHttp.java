package dev.channelbox.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange on a plain socket, byte for byte as written (a client library would refuse or
 * repair the bad requests these tests send), and what a client then sees: the whole response as
 * framed by its {@code Content-Length}, and whether the server closed the connection after it.
 */
public final class RawHttp {

    /** Status, headers (names in lower case), the body as {@code Content-Length} frames it, and the close. */
    public record Response(String statusLine, Map<String, String> headers, String body, boolean closed) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code request} and reads the response; {@code headOnly}: the request was a {@code HEAD}
     * (no body follows whatever {@code Content-Length} says). {@code closed} tells whether the server
     * closed the connection within two seconds of the response.
     *
     * @throws IOException no complete response head within ten seconds
     */
    public static Response exchange(int port, String request, boolean headOnly) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            String length = headers.get("content-length");
            if (length == null && !headOnly) {
                throw new IOException("response without Content-Length: " + statusLine + " " + headers);
            }
            byte[] body = headOnly ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            socket.setSoTimeout(2_000);
            boolean closed;
            try {
                closed = in.read() == -1;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset
            }
            return new Response(statusLine, headers, new String(body, StandardCharsets.UTF_8), closed);
        }
    }

    /** A line without its CRLF; throws at end of stream, so a response cut short is not taken for a complete one. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed inside the response head: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}

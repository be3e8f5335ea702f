package dev.channelbox.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One client address cannot take every route handler offline (issue 8, item 5), on the embedded
 * server and on every container: 300 idle connections to the demo's {@code /ws} echo from
 * 127.0.0.1, then a client from 127.0.0.2 (another loopback address, so the server sees another
 * host) is still served. On Java 17-20 the first address gets its share of the 256 handler threads
 * (64) and the rest of its connections are closed with 1013; on Java 21+ (virtual threads) all 300
 * are served. Before the share, 256 took every thread and everyone else got 1013.
 */
public interface AddressShareScenarios {

    /** The server's port. */
    int targetPort();

    /** The application's context path ("" standalone). */
    String targetContextPath();

    @Test
    default void idleHandlersFromOneAddressLeaveHandlersForAnother() throws IOException, InterruptedException {
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                held.add(RawClient.connectFrom("127.0.0.1", targetPort(), targetContextPath() + "/ws"));
            }
            assertEquals("You said: first", echo(held.get(0), "first"), "the first connection is served");

            try (RawClient other = RawClient.connectFrom("127.0.0.2", targetPort(), targetContextPath() + "/ws")) {
                assertEquals("You said: still here", echo(other, "still here"),
                        "another address is served while the first holds up to 300 idle handlers");
            }
            // the connections refused have their close waiting (not written to: a write to a closed
            // socket could reset it before the close frame is read); those that are served say nothing
            int refused = 0;
            for (RawClient c : held.subList(1, held.size())) {
                if (c.input().available() > 0) {
                    assertEquals("close 1013 too many handlers for this address", describe(c.readFrame()));
                    refused++;
                }
            }
            System.out.println("AddressShareScenarios: 300 idle /ws connections from 127.0.0.1, " + refused
                    + " refused with 1013 at the time of counting; 127.0.0.2 served");
        } finally {
            for (RawClient c : held) {
                c.close();
            }
        }
        // the first address's handlers end as their connections close: it is served again (and so
        // are the scenarios that run after this one)
        long deadline = System.nanoTime() + 10_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            try (RawClient again = RawClient.connectFrom("127.0.0.1", targetPort(), targetContextPath() + "/ws")) {
                last = echo(again, "back");
                if (last.equals("You said: back")) {
                    return;
                }
            } catch (IOException e) {
                last = String.valueOf(e); // refused, and the socket went before the close was read
            }
            Thread.sleep(50);
        }
        throw new AssertionError("127.0.0.1 not served again within 10 s after closing its connections: " + last);
    }

    /** Sends {@code text} and describes the answer: the text, or "close CODE REASON". */
    private static String echo(RawClient c, String text) throws IOException {
        c.sendText(text);
        return describe(c.readFrame());
    }

    private static String describe(RawClient.Frame f) {
        if (f.opcode() == 8) {
            byte[] p = f.payload();
            return "close " + f.closeCode() + (p.length > 2 ? " " + new String(p, 2, p.length - 2, StandardCharsets.UTF_8) : "");
        }
        return f.text();
    }
}

package dev.channelbox.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client that sends pings and never reads the pongs (issue 8 item 3), on a {@link RawClient}: the
 * JDK client cannot stop reading. The flood runs on its own thread, since a server that stops reading
 * without closing would block the write forever.
 */
public final class PingFlood {

    /**
     * What the client saw.
     *
     * @param bytesSent  ping bytes written before the write failed or the flood ended
     * @param writeFailed whether a write failed while flooding (the server dropped the connection)
     * @param pongsRead  pongs read afterwards, before the end
     * @param end        how the connection ended when read afterwards: "close CODE", "EOF", "reset",
     *                   or "open" (nothing more arrived within the read timeout)
     * @param elapsed    from the first ping to the failed write or the end of the flood
     */
    public record Outcome(long bytesSent, boolean writeFailed, long pongsRead, String end, Duration elapsed) {
        public boolean closed() {
            return writeFailed || !end.equals("open");
        }
    }

    private PingFlood() {
    }

    /**
     * Sends empty pings (the most pongs per byte) at up to {@code bytesPerSecond} (0: as fast as the
     * socket takes them) until a write fails, {@code maxBytes} are sent or {@code duration} is over;
     * then reads what the server sent.
     */
    public static Outcome run(RawClient client, long bytesPerSecond, long maxBytes, Duration duration) throws Exception {
        byte[] ping = RawClient.maskedFrame(9, new byte[0]);
        byte[] chunk = new byte[ping.length * 2048]; // 12 KB of pings per write
        for (int i = 0; i < chunk.length; i += ping.length) {
            System.arraycopy(ping, 0, chunk, i, ping.length);
        }
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<IOException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        AtomicLong endedAt = new AtomicLong();
        Thread writer = new Thread(() -> {
            OutputStream out = client.output();
            try {
                while (!stop.get() && sent.get() < maxBytes) {
                    out.write(chunk);
                    long n = sent.addAndGet(chunk.length);
                    if (bytesPerSecond > 0) {
                        long due = start + n * 1_000_000_000L / bytesPerSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                }
            } catch (IOException e) {
                if (!stop.get()) { // else it is our own close below ending a blocked write
                    failure.set(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                endedAt.set(System.nanoTime());
            }
        }, "ping-flood");
        writer.setDaemon(true);
        writer.start();
        writer.join(duration.toMillis());
        stop.set(true);
        writer.join(1_000); // a writer blocked on a full socket stays blocked: the close below ends it
        long end = endedAt.get() == 0 ? System.nanoTime() : endedAt.get();
        Duration elapsed = Duration.ofNanos(end - start);

        long pongs = 0;
        String how;
        client.readTimeout(Duration.ofSeconds(5));
        try {
            while (true) {
                RawClient.Frame f = client.readFrame();
                if (f.opcode() == 8) {
                    how = "close " + f.closeCode();
                    break;
                }
                pongs++;
            }
        } catch (SocketTimeoutException e) {
            how = "open";
        } catch (EOFException e) {
            how = "EOF";
        } catch (IOException e) {
            how = "reset";
        }
        client.close();
        writer.join(1_000);
        return new Outcome(sent.get(), failure.get() != null, pongs, how, elapsed);
    }
}

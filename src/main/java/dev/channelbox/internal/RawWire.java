package dev.channelbox.internal;

/**
 * A connection's transport, written with whole frames in their wire form instead of through the
 * container's {@code RemoteEndpoint}: the frames queued for a member then leave in one write, and a
 * group send encodes once for every member. One per runtime that allows it, picked by
 * {@link RawWrites}: {@link TyrusWire} (standalone, Payara).
 *
 * <p>Threads: the outbox calls it with at most one write in flight; {@code done} runs once per write,
 * inline or on the runtime's I/O thread.
 */
interface RawWire {

    /** Writes one whole frame (or a {@link Frame.Batch}); {@code done} runs once, when written or failed. */
    void write(Frame.Data frame, Outbox.Completion done);

    /** Our heartbeat ping, raw so that we learn when it was written (the API's sendPing does not say). */
    void write(Frame.Ping ping, Outbox.Completion done);
}

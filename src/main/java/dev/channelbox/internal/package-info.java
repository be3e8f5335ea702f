/**
 * The engine: plain Java behind the public API, used by the CDI extension ({@code dev.channelbox.cdi})
 * and the standalone server ({@code dev.channelbox.standalone}). One package, since its core types
 * cross every concern and Java has no module-private visibility; where each concern lives:
 *
 * <ul>
 *   <li><b>The application</b>: {@link dev.channelbox.internal.ChannelBoxRuntime} (the operations of
 *       {@code ChannelBox}), {@link dev.channelbox.internal.Sweeper} (the background thread: expiry,
 *       send timeouts, heartbeat, history age), {@link dev.channelbox.internal.DeliveryCounters},
 *       {@link dev.channelbox.internal.AddressSlots} (per-address caps),
 *       {@link dev.channelbox.internal.Settings} (system properties and environment).</li>
 *   <li><b>A connection</b>: {@link dev.channelbox.internal.Connection} (its state from accept to
 *       close), {@link dev.channelbox.internal.WebSocketFacade} (the {@code WebSocket} API over it),
 *       {@link dev.channelbox.internal.Heartbeat}, {@link dev.channelbox.internal.ChannelImpl} (its
 *       channel), {@link dev.channelbox.internal.RouteSession} with
 *       {@link dev.channelbox.internal.ConsumerSession} and {@link dev.channelbox.internal.HandlerSession}
 *       (running the user's consumer or handler), {@link dev.channelbox.internal.ConsumerAccess},
 *       {@link dev.channelbox.internal.CloseCodes}.</li>
 *   <li><b>Outbound</b>: {@link dev.channelbox.internal.Outbox} (bounded, one write in flight, control
 *       frames first), {@link dev.channelbox.internal.Frame}, {@link dev.channelbox.internal.OutboundMessage}
 *       (a payload encoded once), {@link dev.channelbox.internal.ContainerSink} (where the outbox writes),
 *       {@link dev.channelbox.internal.JsonCodec}, {@link dev.channelbox.internal.JsonStrings}.</li>
 *   <li><b>Inbound</b>: {@link dev.channelbox.internal.InboundParts} and
 *       {@link dev.channelbox.internal.InboundLimit} (messages assembled within the size limit, 1009),
 *       {@link dev.channelbox.internal.FrameScanner} (the limit on frame headers, where a runtime lets
 *       us see them), {@link dev.channelbox.internal.InboundQueue} (a handler's unread messages),
 *       {@link dev.channelbox.internal.TokenBucket} (rate limit), {@link dev.channelbox.internal.MessageTypes},
 *       {@link dev.channelbox.internal.Utf8}.</li>
 *   <li><b>Groups and history</b>: {@link dev.channelbox.internal.GroupRegistry},
 *       {@link dev.channelbox.internal.HistoryStore}, {@link dev.channelbox.internal.HistoryRing},
 *       {@link dev.channelbox.internal.HistoryRecord}.</li>
 *   <li><b>Routes</b>: {@link dev.channelbox.internal.Route}, {@link dev.channelbox.internal.RouteSettings},
 *       {@link dev.channelbox.internal.PathTemplate} (matching and precedence),
 *       {@link dev.channelbox.internal.QueryString}.</li>
 *   <li><b>Handshake and guards</b>: {@link dev.channelbox.internal.HandshakeGate} (which route, and
 *       whether the client may open it), {@link dev.channelbox.internal.RouteAccess},
 *       {@link dev.channelbox.internal.OriginPolicy}, {@link dev.channelbox.internal.HandshakePeer},
 *       {@link dev.channelbox.internal.HandshakeData}, {@link dev.channelbox.internal.HandshakeView}.</li>
 *   <li><b>Threads</b>: {@link dev.channelbox.internal.HandlerThreads} (route handlers: virtual threads
 *       on Java 21+, a bounded pool shared per address before), {@link dev.channelbox.internal.Threads}.</li>
 *   <li><b>Tyrus specifics</b>, by reflection only (never linked): {@link dev.channelbox.internal.TyrusInternals},
 *       {@link dev.channelbox.internal.RawWrites} and {@link dev.channelbox.internal.TyrusWire} (raw
 *       writes of pre-built frames; standalone, Payara).</li>
 * </ul>
 */
package dev.channelbox.internal;

package dev.channelbox;

/** What happens to an inbound message over a route's rate limit. */
public enum RateLimitAction {
    /** Drop the message and reply {@code {"type":"error","message":"rate limit exceeded"}}; the connection stays. */
    REPLY_ERROR,
    /** Close the connection with 1008 {@code "rate limit exceeded"}. */
    CLOSE
}

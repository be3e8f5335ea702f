package dev.channelbox;

import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/** A {@link HandshakeGuard}'s answer: allow (optionally naming the user), or refuse with a status and a reason. */
public final class Verdict {

    private static final Verdict ALLOW = new Verdict(0, "", null);

    private final int status;
    private final String reason;
    private final Principal identity;

    private Verdict(int status, String reason, Principal identity) {
        this.status = status;
        this.reason = reason;
        this.identity = identity;
    }

    /** Let the connection open. */
    public static Verdict allow() {
        return ALLOW;
    }

    /** Let the connection open as {@code identity} ({@link WebSocket#principal()}). */
    public static Verdict allow(Principal identity) {
        return new Verdict(0, "", Objects.requireNonNull(identity, "identity"));
    }

    /** Refuse: the client is not authenticated (HTTP 401, or close 1008 with the reason). */
    public static Verdict unauthorized(String reason) {
        return new Verdict(401, reason == null ? "" : reason, null);
    }

    /** Refuse: the client may not use this route (HTTP 403, or close 1008 with the reason). */
    public static Verdict forbidden(String reason) {
        return new Verdict(403, reason == null ? "" : reason, null);
    }

    public boolean isAllowed() {
        return status == 0;
    }

    /** 401 or 403 for a refusal, 0 when allowed. */
    public int status() {
        return status;
    }

    /** Why it was refused; empty when allowed. */
    public String reason() {
        return reason;
    }

    /** The identity an allowing guard named. */
    public Optional<Principal> identity() {
        return Optional.ofNullable(identity);
    }

    @Override
    public String toString() {
        return isAllowed() ? "Verdict[allow" + (identity == null ? "" : " " + identity.getName()) + "]"
                : "Verdict[" + status + " " + reason + "]";
    }
}

package dev.channelbox.internal;

/** RFC 6455 section 7.4 close codes. */
final class CloseCodes {

    private CloseCodes() {
    }

    /** Codes an endpoint may put in a close frame (1004-1006 and 1015 are reserved for reporting). */
    static boolean isValidToSend(int code) {
        return code == 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}

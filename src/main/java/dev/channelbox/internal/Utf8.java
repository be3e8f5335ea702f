package dev.channelbox.internal;

/** UTF-8 arithmetic without encoding. */
final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 length of {@code s} (an unpaired surrogate counts as the 3-byte replacement). */
    static long length(CharSequence s) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Truncates {@code s} to at most {@code maxBytes} of UTF-8 without splitting a character (close reasons: 123). */
    static String truncate(String s, int maxBytes) {
        if (s == null) {
            return "";
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int w = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
            if (n + w > maxBytes) {
                return s.substring(0, i);
            }
            n += w;
            if (w == 4) {
                i++;
            }
        }
        return s;
    }
}

package dev.channelbox.internal;

import dev.channelbox.Channel;

import java.util.LinkedHashMap;
import java.util.Map;

/** A channel's attributes: their bounds, and their JSON form (members in Redis, presence frames). */
final class Attributes {

    static final int MAX_NAME = 64;
    static final int MAX_VALUE = 256;

    private Attributes() {
    }

    /** An immutable, ordered copy within the bounds ({@link Channel#setAttributes}). */
    static Map<String, String> checked(Map<String, String> attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException("attributes must not be null (an empty map clears them)");
        }
        if (attributes.size() > Channel.MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("at most " + Channel.MAX_ATTRIBUTES + " attributes, not " + attributes.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
                throw new IllegalArgumentException("an attribute name has 1 to " + MAX_NAME + " characters: " + name);
            }
            if (value == null || value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("attribute " + name + ": a value is a string of at most "
                        + MAX_VALUE + " characters" + (value == null ? ", not null" : ""));
            }
            copy.put(name, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /** {@code {"name":"value",...}}. */
    static String json(Map<String, String> attributes) {
        StringBuilder b = new StringBuilder("{");
        attributes.forEach((name, value) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(JsonStrings.quote(name)).append(':').append(JsonStrings.quote(value));
        });
        return b.append('}').toString();
    }

    /** What {@link #json} wrote; {@code Map.of()} for an empty text. */
    @SuppressWarnings("unchecked")
    static Map<String, String> parse(String json, JsonCodec codec) {
        if (json.isEmpty()) {
            return Map.of();
        }
        Map<String, String> m = codec.fromJson(json, Map.class);
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}

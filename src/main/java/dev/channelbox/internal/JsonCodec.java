package dev.channelbox.internal;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;

/**
 * JSON-B, once per application. {@link Jsonb} instances are thread-safe and expensive to create,
 * so there is one, shared by every connection and closed with the application.
 */
final class JsonCodec implements AutoCloseable {

    private final Jsonb jsonb = JsonbBuilder.create();
    private final int maxDepth;
    private final int maxNumberLength;

    /** With the default limits. */
    JsonCodec() {
        this(64, 100);
    }

    JsonCodec(int maxDepth, int maxNumberLength) {
        this.maxDepth = maxDepth;
        this.maxNumberLength = maxNumberLength;
    }

    String toJson(Object value) {
        return jsonb.toJson(value);
    }

    /**
     * Decodes {@code json} into {@code type}, refusing a top-level value of the wrong kind first:
     * JSON-B implementations are lenient there (Yasson reads {@code [1, 2]} into a {@code Map} as
     * {@code {null=2}}), and a consumer expecting an object must not get a made-up one.
     *
     * @throws JsonbException invalid JSON, or a value that does not fit {@code type}
     */
    <T> T fromJson(String json, Type type) {
        checkShape(json);
        char expected = expectedStart(type);
        if (expected != 0) {
            char first = firstNonWhitespace(json);
            if (first != expected) {
                throw new JsonbException("expected a JSON " + (expected == '{' ? "object" : "array")
                        + " for " + type.getTypeName());
            }
        }
        return jsonb.fromJson(json, type);
    }

    /** '{' for maps and user classes, '[' for collections and arrays, 0 when any value may do. */
    private static char expectedStart(Type type) {
        Class<?> raw = type instanceof Class<?> c ? c
                : type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
        if (raw == null) {
            return 0;
        }
        if (raw.isArray() || Collection.class.isAssignableFrom(raw) || JsonArray.class.isAssignableFrom(raw)) {
            return raw == byte[].class ? 0 : '[';
        }
        if (Map.class.isAssignableFrom(raw) || JsonObject.class.isAssignableFrom(raw)) {
            return '{';
        }
        boolean platform = raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.")
                || raw.getName().startsWith("jakarta.");
        return platform ? 0 : '{';
    }

    /**
     * One pass over the text before any parser sees it: nesting deeper than {@code maxDepth} (a parser
     * recursing on {@code [[[[...} could exhaust the stack) or a number longer than
     * {@code maxNumberLength} (a BigDecimal of a million digits is slow to build and to use) is refused.
     */
    private void checkShape(String json) {
        int depth = 0;
        int number = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
                if (++number > maxNumberLength) {
                    throw new JsonbException("a number longer than " + maxNumberLength + " characters");
                }
                continue;
            }
            number = 0;
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > maxDepth) {
                    throw new JsonbException("JSON nested deeper than " + maxDepth);
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    private static char firstNonWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception ignored) {
            // nothing left to release that matters at shutdown
        }
    }
}

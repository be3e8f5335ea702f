package dev.channelbox.internal;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.lang.reflect.Type;

/**
 * JSON-B, once per application. {@link Jsonb} instances are thread-safe and expensive to create,
 * so there is one, shared by every connection and closed with the application.
 */
final class JsonCodec implements AutoCloseable {

    private final Jsonb jsonb = JsonbBuilder.create();

    String toJson(Object value) {
        return jsonb.toJson(value);
    }

    <T> T fromJson(String json, Type type) {
        return jsonb.fromJson(json, type);
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

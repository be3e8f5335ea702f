package dev.channelbox.testing;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Parsing JSON a client received, with JSON-B into Maps and Lists. */
public final class Json {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Json() {
    }

    public static Object parse(String json) {
        return JSONB.fromJson(json, Object.class);
    }

    public static String write(Object value) {
        return JSONB.toJson(value);
    }
}

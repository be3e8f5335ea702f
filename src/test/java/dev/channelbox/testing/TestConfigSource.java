package dev.channelbox.testing;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MicroProfile Config source the tests fill (registered through {@code META-INF/services}), as an
 * application's {@code microprofile-config.properties} would: empty unless a test puts a value, which
 * it removes when done.
 */
public final class TestConfigSource implements ConfigSource {

    public static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(VALUES.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "channelbox-tests";
    }
}

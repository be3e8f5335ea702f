package dev.channelbox.cdi;

import dev.channelbox.ChannelBoxConfig;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * The default {@link ChannelBoxConfig}: defaults overridden by MicroProfile Config where the runtime
 * has it, by environment variables and by system properties. An application replaces it with an {@code @Alternative @Priority} producer of its own.
 */
@Dependent
class ConfigProducer {

    @Produces
    @Dependent
    ChannelBoxConfig config() {
        try {
            return ChannelBoxConfig.fromEnvironment();
        } catch (IllegalArgumentException bad) {
            // Weld takes an IllegalArgumentException out of a producer for a reflection error and
            // passes on only its cause ("For input string"), losing the setting's name and value
            throw new IllegalStateException(bad.getMessage(), bad);
        }
    }
}

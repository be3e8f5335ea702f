package dev.channelbox.cdi;

import dev.channelbox.ChannelBoxConfig;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * The default {@link ChannelBoxConfig}: defaults overridden by system properties and environment
 * variables. An application replaces it with an {@code @Alternative @Priority} producer of its own.
 */
@Dependent
class ConfigProducer {

    @Produces
    @Dependent
    ChannelBoxConfig config() {
        return ChannelBoxConfig.fromEnvironment();
    }
}

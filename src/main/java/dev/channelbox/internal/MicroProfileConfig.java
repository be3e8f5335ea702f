package dev.channelbox.internal;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settings' third source, where the runtime has MicroProfile Config (Payara, WildFly, Open Liberty
 * with {@code mpConfig}; any application that adds an implementation): the same names, {@code
 * channelbox.outbox-max-messages} and so on, from any of its config sources (the WAR's
 * {@code META-INF/microprofile-config.properties} among them). Loaded only when its API is there, so
 * nothing else refers to MicroProfile classes. Any thread; the config is the one of the thread's
 * context class loader (the application's, where the engine starts).
 */
final class MicroProfileConfig {

    private static final Logger LOG = Logger.getLogger(MicroProfileConfig.class.getName());

    private MicroProfileConfig() {
    }

    /** The value of {@code key}, or {@code null} when no config source has it (or there is no implementation). */
    static String value(String key) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(key, String.class).orElse(null);
        } catch (IllegalStateException | java.util.ServiceConfigurationError noImplementation) {
            LOG.log(Level.FINE, "ChannelBox: the MicroProfile Config API is here but no implementation", noImplementation);
            return null;
        }
    }
}

package dev.channelbox.standalone;

import dev.channelbox.ChannelBoxConfig;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * {@link ChannelBoxServer.Builder#config}: the given configuration as a bean that wins over every
 * other producer of {@link ChannelBoxConfig} (an enabled alternative of the highest priority).
 */
final class FixedConfig implements Extension {

    private final ChannelBoxConfig config;

    FixedConfig(ChannelBoxConfig config) {
        this.config = config;
    }

    void addBean(@Observes AfterBeanDiscovery abd) {
        abd.addBean().types(ChannelBoxConfig.class, Object.class).scope(Dependent.class)
                .alternative(true).priority(Integer.MAX_VALUE - 1)
                .createWith(context -> config);
    }
}

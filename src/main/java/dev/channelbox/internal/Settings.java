package dev.channelbox.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * How ops set ChannelBox: a system property {@code channelbox.name}, else an environment variable
 * {@code CHANNELBOX_NAME}, else, where the runtime has MicroProfile Config, its property
 * {@code channelbox.name} (from any of its sources: the WAR's {@code microprofile-config.properties},
 * ...). Shared by {@code ChannelBoxConfig} and the standalone server's settings, so both read, parse
 * and report a bad value the same way.
 */
public final class Settings {

    /** Whether MicroProfile Config's API is there: asked once, the class stays unloaded if not. */
    private static final boolean MICROPROFILE = present("org.eclipse.microprofile.config.ConfigProvider");

    private Settings() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Settings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The setting {@code name} parsed by {@code parse}, or {@code fallback} when neither is set.
     *
     * @throws IllegalArgumentException a value {@code parse} refuses, naming where it came from
     */
    public static <T> T read(String name, Function<String, T> parse, T fallback) {
        String value = System.getProperty("channelbox." + name);
        String source = "system property channelbox." + name;
        if (value == null) {
            String env = "CHANNELBOX_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
            value = System.getenv(env);
            source = "environment variable " + env;
        }
        if (value == null && MICROPROFILE) {
            value = MicroProfileConfig.value("channelbox." + name);
            source = "MicroProfile Config property channelbox." + name;
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ChannelBox: cannot read " + source + "=\"" + value + "\": " + e.getMessage(), e);
        }
    }

    /** Milliseconds ({@code 5000}) or ISO-8601 ({@code PT5S}). */
    /** A URL with any password (the user-info part) replaced by {@code ***}, for logs and toString. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?<=//)[^@/]*@", "***@");
    }

    public static Duration duration(String v) {
        return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : Duration.ofMillis(Long.parseLong(v));
    }
}

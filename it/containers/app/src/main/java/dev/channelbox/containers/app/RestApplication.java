package dev.channelbox.containers.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST under {@code /api} of the demo WAR (only the WAR has these classes, not the standalone demo). */
@ApplicationPath("/api")
public class RestApplication extends Application {
}

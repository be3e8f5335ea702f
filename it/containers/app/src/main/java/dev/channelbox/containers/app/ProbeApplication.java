package dev.channelbox.containers.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST under {@code /api} of the probe WAR. */
@ApplicationPath("/api")
public class ProbeApplication extends Application {
}

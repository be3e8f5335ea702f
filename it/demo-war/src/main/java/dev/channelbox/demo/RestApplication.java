package dev.channelbox.demo;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta REST under {@code /api} of the demo WAR (the standalone demo has no REST runtime: there it is an unused class). */
@ApplicationPath("/api")
public class RestApplication extends Application {
}

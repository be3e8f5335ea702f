package dev.channelbox.containers;

/** The container scenarios on Open Liberty with websocket-2.1, cdi-4.0, jsonb-3.0 and restfulWS-3.1. */
class OpenLibertyIT extends ContainerScenarios {

    @Override
    String containerId() {
        return "liberty";
    }

    @Override
    boolean writesRawFrames() {
        return false; // the standard async API
    }

    @Override
    Container container() {
        return new OpenLiberty(System.getProperty("channelbox.liberty-version"));
    }
}

package dev.channelbox.containers;

/** The container scenarios on WildFly (Jakarta EE 10, Undertow WebSockets, RESTEasy, Weld). */
class WildFlyIT extends ContainerScenarios {

    @Override
    String containerId() {
        return "wildfly";
    }

    @Override
    boolean writesRawFrames() {
        return false; // Undertow: the standard async API
    }

    @Override
    Container container() {
        return new WildFly(System.getProperty("channelbox.wildfly-version"));
    }
}

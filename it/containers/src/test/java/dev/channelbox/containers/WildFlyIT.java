package dev.channelbox.containers;

/** The container scenarios on WildFly (Jakarta EE 10, Undertow WebSockets, RESTEasy, Weld). */
class WildFlyIT extends ContainerScenarios {

    @Override
    String containerId() {
        return "wildfly";
    }

    @Override
    Container container() {
        return new WildFly(System.getProperty("channelbox.wildfly-version"));
    }

    /**
     * Undertow decides on a frame's data, not on its header: a header announcing 2^62 bytes alone
     * waits for its payload; by the time limit + 1 bytes have arrived, Undertow (binary, UT002040) or
     * our partial handlers (text) close with 1009 (measured on 38.0.1.Final).
     */
    @Override
    public boolean decidesOnFrameHeader() {
        return false;
    }

}

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
     * Undertow refuses a binary message and a fragmented text message over the limit itself
     * (UT002040, 1009), but hands over a single text frame only once it has it whole: our message
     * handler then refuses it with 1009. A 2^62 text header waits for its payload (measured on
     * 38.0.1.Final).
     */
    @Override
    public boolean decidesOnFrameHeader() {
        return false;
    }

}

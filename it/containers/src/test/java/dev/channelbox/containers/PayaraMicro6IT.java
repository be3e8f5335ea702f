package dev.channelbox.containers;

/** The container scenarios on Payara Micro 6 (Jakarta EE 10) on this JVM (Java 17+). */
class PayaraMicro6IT extends ContainerScenarios {

    @Override
    String containerId() {
        return "payara6";
    }

    @Override
    Container container() {
        return new PayaraMicro("payara6", System.getProperty("channelbox.payara6-version"), null);
    }
}

package dev.channelbox.containers;

/**
 * The container scenarios on Payara Micro 7 (Jakarta EE 11). It needs Java 21+, so it runs on the JDK
 * that {@code channelbox.java21-home} names (Temurin 25 on the build machines); the tests themselves
 * stay on this JVM.
 */
class PayaraMicro7IT extends ContainerScenarios {

    @Override
    String containerId() {
        return "payara7";
    }

    @Override
    Container container() {
        return new PayaraMicro("payara7", System.getProperty("channelbox.payara7-version"), Containers.java21Home());
    }
}

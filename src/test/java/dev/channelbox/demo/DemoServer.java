package dev.channelbox.demo;

import dev.channelbox.ChannelBoxConfig;
import dev.channelbox.standalone.ChannelBoxServer;

/**
 * Every example of the seed document, on the embedded server: {@code mvn -q -Pdemo}, then open
 * http://localhost:8080/. {@code PORT} and {@code HOST} (environment) override the port and the
 * interface.
 */
public final class DemoServer {

    private DemoServer() {
    }

    /** The demo application on {@code host:port} (port 0: a free one). */
    public static ChannelBoxServer start(String host, int port) {
        return builder(host, port).start();
    }

    /** The same with this configuration (a node of several, say). */
    public static ChannelBoxServer start(String host, int port, ChannelBoxConfig config) {
        return builder(host, port).config(config).start();
    }

    private static ChannelBoxServer.Builder builder(String host, int port) {
        return ChannelBoxServer.builder()
                .host(host)
                .port(port)
                .packages(DemoServer.class)
                .staticResources("/static/");
    }

    public static void main(String[] args) throws InterruptedException {
        String port = System.getenv().getOrDefault("PORT", "8080");
        String host = System.getenv().getOrDefault("HOST", "localhost");
        ChannelBoxServer server = start(host, Integer.parseInt(port.trim()));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "channelbox-demo-shutdown"));
        System.out.println("ChannelBox demo on http://" + host + ":" + server.port() + "/  (Ctrl-C stops it)");
        server.awaitTermination();
    }
}

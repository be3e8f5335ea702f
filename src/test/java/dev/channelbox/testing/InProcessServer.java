package dev.channelbox.testing;

import dev.channelbox.ChannelBox;
import dev.channelbox.standalone.ChannelBoxServer;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * The in-process server of a behaviour test class: started before its first test on a free port of
 * 127.0.0.1, closed after its last. Register it as a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final InProcessServer server = InProcessServer.withBeans(MyFixture.class);
 * </pre>
 * JUnit runs its start before the class's own {@code @BeforeAll} methods, so those may use it.
 */
public final class InProcessServer implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<ChannelBoxServer> starter;
    private volatile ChannelBoxServer server;

    private InProcessServer(Supplier<ChannelBoxServer> starter) {
        this.starter = starter;
    }

    /** A server with these bean classes (fixtures, configuration producers) and nothing else. */
    public static InProcessServer withBeans(Class<?>... beanClasses) {
        return new InProcessServer(() -> ChannelBoxServer.builder().host("127.0.0.1").port(0)
                .beanClasses(beanClasses).start());
    }

    /** A server started by {@code starter} (for builder options beyond bean classes). */
    public static InProcessServer startedBy(Supplier<ChannelBoxServer> starter) {
        return new InProcessServer(starter);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ChannelBoxServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
    }

    /** The running server. */
    public ChannelBoxServer server() {
        ChannelBoxServer s = server;
        if (s == null) {
            throw new IllegalStateException("the in-process server runs only while its test class does");
        }
        return s;
    }

    public int port() {
        return server().port();
    }

    public ChannelBox channelBox() {
        return server().channelBox();
    }

    public <T> T select(Class<T> type) {
        return server().select(type);
    }
}

package dev.channelbox.cdi;

import dev.channelbox.WebSocket;
import dev.channelbox.WebSocketConsumer;
import dev.channelbox.WebSocketRoute;
import dev.channelbox.internal.Route;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.websocket.server.PathParam;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The extension's deployment validation, tested by its exact messages (STYLE rule 7). Every test
 * deploys only the fixtures it names, so the faulty fixtures below never meet each other unless a
 * test wants them to.
 */
class ExtensionValidationTest {

    private static final String P = "ChannelBox: ";

    // ------------------------------------------------------------------ consumers

    @Test
    void twoConsumersOnTheSameShapeOfPathAreReportedWithBothPathsAndBothClasses() {
        List<String> problems = deploymentProblems(DuplicateX.class, DuplicateY.class);

        // the order of the two depends on the container's discovery order
        String xFirst = P + "two routes define the same path: /a/{x} in " + DuplicateX.class.getName()
                + " and /a/{y} in " + DuplicateY.class.getName();
        String yFirst = P + "two routes define the same path: /a/{y} in " + DuplicateY.class.getName()
                + " and /a/{x} in " + DuplicateX.class.getName();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).equals(xFirst) || problems.get(0).equals(yFirst), problems.get(0));
    }

    @Test
    void aConsumerAndAHandlerOnTheSamePathAreReportedAsDuplicates() {
        List<String> problems = deploymentProblems(DuplicateX.class, HandlerOnDuplicatePath.class);

        String consumer = "/a/{x} in " + DuplicateX.class.getName();
        String handler = "/a/{room} in " + HandlerOnDuplicatePath.class.getName() + "#room";
        assertEquals(List.of(P + "two routes define the same path: " + consumer + " and " + handler), problems);
    }

    @Test
    void applicationScopedConsumerIsRejectedBecauseEveryConnectionNeedsItsOwnInstance() {
        assertDeploymentProblems(List.of(ApplicationScopedConsumer.class),
                P + ApplicationScopedConsumer.class.getName() + " is @ApplicationScoped: a consumer must be @Dependent"
                        + " (the default), since every connection gets its own instance");
    }

    @Test
    void singletonConsumerIsRejectedToo() {
        assertDeploymentProblems(List.of(SingletonConsumer.class),
                P + SingletonConsumer.class.getName() + " is @Singleton: a consumer must be @Dependent"
                        + " (the default), since every connection gets its own instance");
    }

    @Test
    void abstractConsumerIsRejected() {
        assertDeploymentProblems(List.of(AbstractConsumer.class),
                P + AbstractConsumer.class.getName() + " is abstract: a consumer on /abstract must be a concrete class");
    }

    @Test
    void routeClassThatDoesNotExtendWebSocketConsumerIsRejected() {
        assertDeploymentProblems(List.of(NotAConsumer.class),
                P + NotAConsumer.class.getName() + " is annotated @WebSocketRoute but does not extend WebSocketConsumer"
                        + " (to write a route handler, annotate a method instead)");
    }

    @Test
    void rawConsumerIsRejectedBecauseItsMessageTypeIsUnknown() {
        assertDeploymentProblems(List.of(RawConsumer.class),
                P + "cannot tell what " + RawConsumer.class.getName()
                        + " receives: declare it as extends WebSocketConsumer<YourType>");
    }

    @Test
    void consumerThatCannotBeABeanIsRejected() {
        assertDeploymentProblems(List.of(ConsumerWithoutUsableConstructor.class),
                P + ConsumerWithoutUsableConstructor.class.getName()
                        + " is not a CDI bean (it needs a no-argument or @Inject constructor and must not be vetoed)");
    }

    // ------------------------------------------------------------------ handlers

    @Test
    void handlerThatReturnsAValueIsRejected() {
        assertDeploymentProblems(List.of(ReturnsString.class),
                P + "handler " + ReturnsString.class.getName() + "#h must return void, not String");
    }

    @Test
    void handlerWithoutWebSocketParameterIsRejected() {
        assertDeploymentProblems(List.of(NoWebSocket.class),
                P + "handler " + NoWebSocket.class.getName() + "#h must take exactly one WebSocket parameter, it has 0");
    }

    @Test
    void handlerWithTwoWebSocketParametersIsRejected() {
        assertDeploymentProblems(List.of(TwoWebSockets.class),
                P + "handler " + TwoWebSockets.class.getName() + "#h must take exactly one WebSocket parameter, it has 2");
    }

    @Test
    void pathParamThatIsNotAStringIsRejected() {
        assertDeploymentProblems(List.of(IntPathParam.class),
                P + "handler " + IntPathParam.class.getName() + "#h: @PathParam(\"n\") must be a String, not int");
    }

    @Test
    void pathParamNamingAVariableThePathLacksIsRejected() {
        assertDeploymentProblems(List.of(UnknownPathParam.class),
                P + "handler " + UnknownPathParam.class.getName()
                        + "#h: @PathParam(\"room\") is not a parameter of the path /unknown/{name}");
    }

    @Test
    void parameterWithoutPathParamIsRejected() {
        assertDeploymentProblems(List.of(ParameterWithoutPathParam.class),
                P + "handler " + ParameterWithoutPathParam.class.getName()
                        + "#h has a parameter of type String without @jakarta.websocket.server.PathParam(\"name\"):"
                        + " a handler takes a WebSocket and path parameters as String values");
    }

    @Test
    void anyOtherFrameworksPathParamIsNamedWithTheAnnotationARouteNeeds() {
        assertDeploymentProblems(List.of(OtherPathParam.class),
                P + "handler " + OtherPathParam.class.getName() + "#h has a parameter of type String annotated with @"
                        + OtherFramework.PathParam.class.getCanonicalName() + ", which WebSocket routes do not read:"
                        + " use @jakarta.websocket.server.PathParam(\"name\")");
    }

    @Test
    void restPathParamIsNamedWithTheAnnotationARouteNeeds() {
        assertDeploymentProblems(List.of(RestPathParam.class),
                P + "handler " + RestPathParam.class.getName()
                        + "#h has a parameter of type String annotated with @jakarta.ws.rs.PathParam,"
                        + " which WebSocket routes do not read: use @jakarta.websocket.server.PathParam(\"name\")");
    }

    @Test
    void aGuardThatIsNotABeanAndBadRouteSettingsAreRejected() {
        String where = "@WebSocketRoute(\"/misconfigured\") on " + Misconfigured.class.getName() + ": ";
        assertDeploymentProblems(List.of(Misconfigured.class),
                P + where + "the guard " + NotABeanGuard.class.getName()
                        + " is not a CDI bean (give it a scope such as @ApplicationScoped)",
                P + where + "outboxMaxMessages must be positive (or -1 for the application's), not 0",
                P + where + "rateLimit must be >= 0 (or -1 for the application's), not -5.0",
                P + where + "allowedOrigins: 'evil' is not an origin (scheme://host[:port], port may be *) nor *");
    }

    @Test
    void staticHandlerIsRejected() {
        assertDeploymentProblems(List.of(StaticHandler.class),
                P + "handler " + StaticHandler.class.getName() + "#h must not be static");
    }

    @Test
    void handlerInRequestScopedBeanIsRejectedBecauseTheScopeIsNotActiveOnAConnection() {
        assertDeploymentProblems(List.of(RequestScopedHandler.class),
                P + "handler " + RequestScopedHandler.class.getName() + "#h is declared in a @RequestScoped bean,"
                        + " which is not active for a WebSocket connection: use @ApplicationScoped, @Singleton or @Dependent");
    }

    @Test
    void handlerWithSeveralFaultsGetsOneMessagePerFault() {
        String h = "handler " + SeveralFaults.class.getName() + "#h";
        assertDeploymentProblems(List.of(SeveralFaults.class),
                P + h + " must return void, not int",
                P + h + ": @PathParam(\"missing\") is not a parameter of the path /several",
                P + h + " must take exactly one WebSocket parameter, it has 0");
    }

    // ------------------------------------------------------------------ malformed paths

    @Test
    void pathWithoutLeadingSlashIsRejected() {
        assertDeploymentProblems(List.of(NoLeadingSlash.class),
                P + "malformed path 'chat' on " + NoLeadingSlash.class.getName() + ": the path must start with '/'");
    }

    @Test
    void unclosedPathParameterIsRejected() {
        assertDeploymentProblems(List.of(UnclosedVariable.class),
                P + "malformed path '/a/{b' on " + UnclosedVariable.class.getName()
                        + ": malformed segment '{b': a path parameter must be a whole segment like {name}");
    }

    @Test
    void repeatedPathParameterIsRejected() {
        assertDeploymentProblems(List.of(RepeatedVariable.class),
                P + "malformed path '/a/{x}/{x}' on " + RepeatedVariable.class.getName()
                        + ": the path parameter {x} appears twice");
    }

    @Test
    void emptySegmentIsRejected() {
        assertDeploymentProblems(List.of(EmptySegment.class),
                P + "malformed path '/a//b' on " + EmptySegment.class.getName() + ": the path has an empty segment ('//')");
    }

    @Test
    void trailingSlashIsRejected() {
        assertDeploymentProblems(List.of(TrailingSlash.class),
                P + "malformed path '/a/' on " + TrailingSlash.class.getName() + ": the path must not end with '/'");
    }

    @Test
    void malformedHandlerPathNamesTheMethod() {
        assertDeploymentProblems(List.of(HandlerWithoutLeadingSlash.class),
                P + "malformed path 'ws' on " + HandlerWithoutLeadingSlash.class.getName()
                        + "#h: the path must start with '/'");
    }

    // ------------------------------------------------------------------ all at once

    @Test
    void everyProblemOfADeploymentIsReportedAtOnce() {
        assertDeploymentProblems(List.of(AbstractConsumer.class, ReturnsString.class, NoLeadingSlash.class),
                P + AbstractConsumer.class.getName() + " is abstract: a consumer on /abstract must be a concrete class",
                P + "handler " + ReturnsString.class.getName() + "#h must return void, not String",
                P + "malformed path 'chat' on " + NoLeadingSlash.class.getName() + ": the path must start with '/'");
    }

    @Test
    void validRoutesAreNotPublishedWhenTheDeploymentHasProblems() {
        ChannelBoxExtension extension = new ChannelBoxExtension();
        assertThrows(DeploymentException.class, () -> deploy(extension, ConcreteConsumer.class, ReturnsString.class));
        assertEquals(List.of(), extension.routes());
    }

    // ------------------------------------------------------------------ a valid deployment

    @Nested
    @EnableWeld
    class ValidDeployment {

        final ChannelBoxExtension extension = new ChannelBoxExtension();

        @WeldSetup
        WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                .disableDiscovery()
                .addExtension(extension)
                .addBeanClasses(ConcreteConsumer.class, TextConsumer.class, Routes.class, Greeter.class))
                .build();

        @Test
        void routesHaveTheDeclaredPathsKindsAndSources() {
            Map<String, String> bySource = extension.routes().stream()
                    .collect(Collectors.toMap(Route::path, r -> r.kind() + " " + r.source()));

            assertEquals(Map.of(
                    "/concrete/{id}", "CONSUMER " + ConcreteConsumer.class.getName(),
                    "/text", "CONSUMER " + TextConsumer.class.getName(),
                    "/room/{room_name}", "HANDLER " + Routes.class.getName() + "#room"), bySource);
        }

        @Test
        void consumerMessageTypeIsResolvedThroughAGenericIntermediateSuperclass() throws Exception {
            Route concrete = route("/concrete/{id}");

            assertEquals(Message.class, internal(concrete, "messageType"));
            assertEquals("JSON", String.valueOf(internal(concrete, "inferredEncoding")));
        }

        @Test
        void stringConsumerDefaultsToTextEncoding() throws Exception {
            Route text = route("/text");

            assertEquals(String.class, internal(text, "messageType"));
            assertEquals("TEXT", String.valueOf(internal(text, "inferredEncoding")));
        }

        @Test
        void handlerParametersAreBoundInDeclarationOrder() throws Exception {
            assertEquals(List.of("", "room_name"), internal(route("/room/{room_name}"), "parameters"));
        }

        @Test
        void eachConnectionGetsItsOwnInjectedConsumer() throws Exception {
            Route.InstanceProvider instances = (Route.InstanceProvider) internal(route("/concrete/{id}"), "instances");
            Route.Instance first = instances.create();
            Route.Instance second = instances.create();
            try {
                assertTrue(first.get() != second.get(), "a new consumer per connection");
                assertEquals("hello", ((ConcreteConsumer) first.get()).greeter.greeting());
            } finally {
                first.destroy();
                second.destroy();
            }
        }

        private Route route(String path) {
            return extension.routes().stream().filter(r -> r.path().equals(path)).findFirst()
                    .orElseThrow(() -> new AssertionError("no route " + path + " in " + extension.routes()));
        }
    }

    @Test
    void messageTypeResolutionFollowsTypeVariablesUpTheHierarchy() {
        assertEquals(Message.class, ConsumerMessageType.of(ConcreteConsumer.class));
        assertEquals(String.class, ConsumerMessageType.of(TextConsumer.class));
        assertNull(ConsumerMessageType.of(RawConsumer.class));

        Type listOfMessages = ConsumerMessageType.of(ListConsumer.class);
        assertTrue(listOfMessages instanceof ParameterizedType, String.valueOf(listOfMessages));
        assertEquals(List.class, ((ParameterizedType) listOfMessages).getRawType());
        assertEquals(List.of(Message.class), List.of(((ParameterizedType) listOfMessages).getActualTypeArguments()),
                "the element type is substituted through ListBase<E>");
        assertNull(ConsumerMessageType.of(OpenList.class), "List<E> with E unbound cannot be decoded");
    }

    // ------------------------------------------------------------------ helpers

    /** Deploys {@code classes} and asserts that exactly {@code expected} were reported, in any order. */
    private static void assertDeploymentProblems(List<Class<?>> classes, String... expected) {
        List<String> actual = deploymentProblems(classes.toArray(Class<?>[]::new));
        assertEquals(sorted(List.of(expected)), sorted(actual));
    }

    /**
     * The ChannelBox problems of a deployment that must fail. Weld throws the only problem as the
     * cause of its {@code DeploymentException}, and several as suppressed exceptions of an "Exception
     * List with N exceptions" whose message contains each one.
     */
    private static List<String> deploymentProblems(Class<?>... classes) {
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(new ChannelBoxExtension(), classes));
        List<Throwable> reported = new ArrayList<>(List.of(e.getSuppressed()));
        if (reported.isEmpty()) {
            reported.add(e.getCause() != null ? e.getCause() : e);
        }
        List<String> problems = new ArrayList<>();
        for (Throwable t : reported) {
            String m = t.getMessage();
            if (m == null || !m.startsWith(P)) {
                fail("a deployment problem that is not ChannelBox's", e);
            }
            assertTrue(e.getMessage().contains(m), "Weld's own message names every problem: " + m);
            problems.add(m);
        }
        return problems;
    }

    private static void deploy(ChannelBoxExtension extension, Class<?>... classes) {
        // Weld SE ignores service-loader extensions when discovery is disabled: add ours by hand
        WeldContainer container = new Weld().disableDiscovery().addExtension(extension).addBeanClasses(classes)
                .initialize();
        container.shutdown(); // only reached by a deployment that unexpectedly succeeded
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    /** Reads a package-private accessor of {@link Route}: what the runtime will act on. */
    private static Object internal(Route route, String accessor) throws Exception {
        Method m = Route.class.getDeclaredMethod(accessor);
        m.setAccessible(true);
        return m.invoke(route);
    }

    // ------------------------------------------------------------------ fixtures: valid

    public record Message(String text) {
    }

    @ApplicationScoped
    public static class Greeter {
        String greeting() {
            return "hello";
        }
    }

    /** Not annotated: only a step between the consumer and {@code WebSocketConsumer<X>}. */
    public abstract static class GenericBase<X> extends WebSocketConsumer<X> {
    }

    @WebSocketRoute("/concrete/{id}")
    public static class ConcreteConsumer extends GenericBase<Message> {
        @Inject
        Greeter greeter;
    }

    @WebSocketRoute("/text")
    public static class TextConsumer extends WebSocketConsumer<String> {
    }

    public abstract static class ListBase<E> extends WebSocketConsumer<List<E>> {
    }

    public static class ListConsumer extends ListBase<Message> {
    }

    public static class OpenList<E> extends ListBase<E> {
    }

    @ApplicationScoped
    public static class Routes {
        @WebSocketRoute("/room/{room_name}")
        void room(WebSocket ws, @PathParam("room_name") String room) {
        }
    }

    // ------------------------------------------------------------------ fixtures: faulty consumers

    @WebSocketRoute(value = "/misconfigured", guard = NotABeanGuard.class, outboxMaxMessages = 0, rateLimit = -5,
            allowedOrigins = "evil")
    public static class Misconfigured extends WebSocketConsumer<String> {
    }

    /** Not added to the deployment, so not a bean. */
    public static class NotABeanGuard implements dev.channelbox.HandshakeGuard {
        @Override
        public dev.channelbox.Verdict check(dev.channelbox.Handshake handshake) {
            return dev.channelbox.Verdict.allow();
        }
    }

    @WebSocketRoute("/a/{x}")
    public static class DuplicateX extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/a/{y}")
    public static class DuplicateY extends WebSocketConsumer<String> {
    }

    @ApplicationScoped
    public static class HandlerOnDuplicatePath {
        @WebSocketRoute("/a/{room}")
        void room(WebSocket ws, @PathParam("room") String room) {
        }
    }

    @ApplicationScoped
    @WebSocketRoute("/app")
    public static class ApplicationScopedConsumer extends WebSocketConsumer<String> {
    }

    @Singleton
    @WebSocketRoute("/singleton")
    public static class SingletonConsumer extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/abstract")
    public abstract static class AbstractConsumer extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/plain")
    public static class NotAConsumer {
    }

    @SuppressWarnings("rawtypes")
    @WebSocketRoute("/raw")
    public static class RawConsumer extends WebSocketConsumer {
    }

    @WebSocketRoute("/no-bean")
    public static class ConsumerWithoutUsableConstructor extends WebSocketConsumer<String> {
        public ConsumerWithoutUsableConstructor(String notInjectable) {
        }
    }

    @WebSocketRoute("chat")
    public static class NoLeadingSlash extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/a/{b")
    public static class UnclosedVariable extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/a/{x}/{x}")
    public static class RepeatedVariable extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/a//b")
    public static class EmptySegment extends WebSocketConsumer<String> {
    }

    @WebSocketRoute("/a/")
    public static class TrailingSlash extends WebSocketConsumer<String> {
    }

    // ------------------------------------------------------------------ fixtures: faulty handlers

    @ApplicationScoped
    public static class ReturnsString {
        @WebSocketRoute("/returns")
        String h(WebSocket ws) {
            return "";
        }
    }

    @ApplicationScoped
    public static class NoWebSocket {
        @WebSocketRoute("/none/{x}")
        void h(@PathParam("x") String x) {
        }
    }

    @ApplicationScoped
    public static class TwoWebSockets {
        @WebSocketRoute("/two")
        void h(WebSocket a, WebSocket b) {
        }
    }

    @ApplicationScoped
    public static class IntPathParam {
        @WebSocketRoute("/int/{n}")
        void h(WebSocket ws, @PathParam("n") int n) {
        }
    }

    @ApplicationScoped
    public static class UnknownPathParam {
        @WebSocketRoute("/unknown/{name}")
        void h(WebSocket ws, @PathParam("room") String room) {
        }
    }

    @ApplicationScoped
    public static class ParameterWithoutPathParam {
        @WebSocketRoute("/bare/{room}")
        void h(WebSocket ws, String room) {
        }
    }

    @ApplicationScoped
    public static class RestPathParam {
        @WebSocketRoute("/rest/{room}")
        void h(WebSocket ws, @jakarta.ws.rs.PathParam("room") String room) {
        }
    }

    /** Stands for another framework's annotation of the same simple name. */
    public static final class OtherFramework {
        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
        @java.lang.annotation.Target(java.lang.annotation.ElementType.PARAMETER)
        public @interface PathParam {
            String value();
        }
    }

    @ApplicationScoped
    public static class OtherPathParam {
        @WebSocketRoute("/other/{room}")
        void h(WebSocket ws, @OtherFramework.PathParam("room") String room) {
        }
    }

    @ApplicationScoped
    public static class StaticHandler {
        @WebSocketRoute("/static")
        static void h(WebSocket ws) {
        }
    }

    @RequestScoped
    public static class RequestScopedHandler {
        @WebSocketRoute("/request")
        void h(WebSocket ws) {
        }
    }

    @ApplicationScoped
    public static class SeveralFaults {
        @WebSocketRoute("/several")
        int h(@PathParam("missing") String missing) {
            return 0;
        }
    }

    @ApplicationScoped
    public static class HandlerWithoutLeadingSlash {
        @WebSocketRoute("ws")
        void h(WebSocket ws) {
        }
    }
}

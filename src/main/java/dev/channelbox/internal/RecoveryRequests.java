package dev.channelbox.internal;

import dev.channelbox.Position;

import jakarta.json.bind.JsonbException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the client of a positioned route asked to recover, per group, until the application joins
 * its channel to that group ({@link ChannelBoxRuntime#addChannelToGroup}). Asked at connect
 * ({@code ?recover=lobby@9f2c41a7d3e0b5c1:17}, the parameter repeated for several groups) or later
 * by a message ({@code {"channelbox":"recover","group":"lobby","position":"9f2c41a7d3e0b5c1:17"}}).
 * At most {@value #MAX} groups wait; a group asked again replaces its position.
 *
 * <p>Threads: the opening thread fills it from the query, container threads add what messages ask,
 * any thread that joins the channel takes; all under this object's monitor.
 */
final class RecoveryRequests {

    static final int MAX = 64;
    static final String PARAMETER = "recover";

    private final Map<String, Position> pending = new HashMap<>();
    /** What was wrong with the query's requests: told to the client once it is accepted. */
    private final List<String> problems = new ArrayList<>();

    /** The requests of the connection's query string. */
    static RecoveryRequests fromQuery(String query) {
        RecoveryRequests r = new RecoveryRequests();
        if (query == null || query.isEmpty()) {
            return r;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !PARAMETER.equals(decode(pair.substring(0, eq)))) {
                continue;
            }
            String value = decode(pair.substring(eq + 1));
            int at = value.lastIndexOf('@');
            String problem;
            if (at < 0) {
                problem = "recover=" + value + ": expected group@epoch:offset";
            } else {
                problem = r.ask(value.substring(0, at), value.substring(at + 1));
            }
            if (problem != null) {
                r.problems.add(problem);
            }
        }
        return r;
    }

    /**
     * A client's {@code recover} message (already known to start with {@link Envelopes#PREFIX}).
     *
     * @return what is wrong with it, or null
     */
    String askByMessage(String text, JsonCodec codec, java.util.function.Predicate<String> isMember) {
        Map<?, ?> m;
        try {
            m = codec.fromJson(text, Map.class);
        } catch (JsonbException | IllegalArgumentException e) {
            return "not a JSON object: " + e.getMessage();
        }
        if (!"recover".equals(m.get("channelbox"))) {
            return "unknown message \"channelbox\":" + JsonStrings.quote(String.valueOf(m.get("channelbox")))
                    + " (a client sends only \"recover\")";
        }
        if (!(m.get("group") instanceof String group) || !(m.get("position") instanceof String position)) {
            return "a recover message has a string \"group\" and a string \"position\"";
        }
        if (isMember.test(group)) {
            return "recover " + group + ": the channel is already in the group (ask before it joins)";
        }
        return ask(group, position);
    }

    private synchronized String ask(String group, String position) {
        if (!GroupRegistry.isValidName(group)) {
            return "recover: not a group name: " + JsonStrings.quote(group);
        }
        Position p;
        try {
            p = Position.parse(position);
        } catch (IllegalArgumentException e) {
            return "recover " + group + ": " + e.getMessage();
        }
        if (!pending.containsKey(group) && pending.size() >= MAX) {
            return "recover " + group + ": more than " + MAX + " groups are waiting to be recovered";
        }
        pending.put(group, p);
        return null;
    }

    /** The position asked for the group, once; null if none. */
    synchronized Position take(String group) {
        return pending.isEmpty() ? null : pending.remove(group);
    }

    /** The query's problems, once. */
    synchronized List<String> takeProblems() {
        List<String> p = List.copyOf(problems);
        problems.clear();
        return p;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }
}

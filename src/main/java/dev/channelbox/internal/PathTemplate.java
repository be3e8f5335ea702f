package dev.channelbox.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of route paths: Jakarta WebSocket URI templates, level 1 ({@code /chat/{room_id}}).
 * The container matches them; we only make sure a bad one is reported at deployment with its cause
 * instead of failing later inside the container with a less precise message.
 */
public final class PathTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.\\-]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%\\-]+");

    private PathTemplate() {
    }

    /** What is wrong with {@code path}, or an empty list. */
    public static List<String> problems(String path) {
        List<String> problems = new ArrayList<>();
        if (path == null || path.isEmpty()) {
            problems.add("the path is empty");
            return problems;
        }
        if (!path.startsWith("/")) {
            problems.add("the path must start with '/'");
            return problems;
        }
        if (path.equals("/")) {
            return problems;
        }
        if (path.endsWith("/")) {
            problems.add("the path must not end with '/'");
        }
        Set<String> names = new HashSet<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                // an empty last segment is the trailing slash, reported above
                if (i < segments.length - 1) {
                    problems.add("the path has an empty segment ('//')");
                }
                continue;
            }
            var m = VARIABLE.matcher(segment);
            if (m.matches()) {
                if (!names.add(m.group(1))) {
                    problems.add("the path parameter {" + m.group(1) + "} appears twice");
                }
            } else if (segment.contains("{") || segment.contains("}")) {
                problems.add("malformed segment '" + segment + "': a path parameter must be a whole segment like {name}");
            } else if (!LITERAL.matcher(segment).matches()) {
                problems.add("segment '" + segment + "' has characters not allowed in a URI path");
            }
        }
        return problems;
    }

    /** The parameter names of a valid template, in order. */
    public static List<String> variables(String path) {
        List<String> names = new ArrayList<>();
        var m = VARIABLE.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The values of {@code template}'s parameters in {@code path} (percent-decoded), or null when the
     * path does not match it. Level-1 templates: a parameter is one whole segment. A literal segment
     * matches its percent-encoded spelling too.
     */
    public static java.util.Map<String, String> match(String template, String path) {
        if (path == null) {
            return null;
        }
        String[] t = SEGMENTS.computeIfAbsent(template, PathTemplate::segments);
        int count = 1;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            count++;
        }
        if (count != t.length) {
            return null;
        }
        // the map is made at the first variable: a template that does not match at a literal before
        // it (most of an application's routes, for every handshake) costs no allocation
        java.util.Map<String, String> params = null;
        int from = 0;
        for (String segment : t) {
            int to = path.indexOf('/', from);
            if (to < 0) {
                to = path.length();
            }
            if (!segment.isEmpty() && segment.charAt(0) == VARIABLE_MARK) { // a variable: its name after the mark
                if (to == from) {
                    return null;
                }
                if (params == null) {
                    params = new java.util.LinkedHashMap<>();
                }
                params.put(segment.substring(1), decode(path.substring(from, to)));
            } else if (segment.length() != to - from || !path.startsWith(segment, from)) {
                // compared decoded too: containers match the decoded path, so /rooms/%61dmin is /rooms/admin
                String raw = path.substring(from, to);
                if (raw.indexOf('%') < 0 || !segment.equals(decode(raw))) {
                    return null;
                }
            }
            from = to + 1;
        }
        return params == null ? java.util.Map.of() : params;
    }

    /**
     * Templates split once (every handshake matches the path against every route's template): a
     * literal segment as it is, a variable as {@link #VARIABLE_MARK} and its name (no path segment holds
     * that character).
     */
    private static final char VARIABLE_MARK = '\0';

    private static final java.util.Map<String, String[]> SEGMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String[] segments(String template) {
        String[] t = template.split("/", -1);
        for (int i = 0; i < t.length; i++) {
            var m = VARIABLE.matcher(t[i]);
            if (m.matches()) {
                t[i] = VARIABLE_MARK + m.group(1);
            }
        }
        return t;
    }

    /**
     * Whether template {@code a} takes precedence over template {@code b} for a path both match: the
     * first segment where one is a literal and the other a variable decides for the literal (an exact
     * path, all literals, precedes every template). Routes of the same shape are refused at
     * deployment, so two different matching templates always differ at such a segment.
     */
    public static boolean precedes(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean literalX = !VARIABLE.matcher(x[i]).matches();
            boolean literalY = !VARIABLE.matcher(y[i]).matches();
            if (literalX != literalY) {
                return literalX;
            }
        }
        return false;
    }

    /**
     * The last segments of {@code fullPath}, as many as {@code template} has: the path within the
     * application when {@code fullPath} starts with a context path ({@code /demo/chat/r} for
     * {@code /chat/{room}} gives {@code /chat/r}).
     */
    public static String tail(String template, String fullPath) {
        int wanted = template.split("/", -1).length - 1;
        int at = fullPath.length();
        for (int i = 0; i < wanted && at > 0; i++) {
            at = fullPath.lastIndexOf('/', at - 1);
            if (at < 0) {
                return fullPath;
            }
        }
        return fullPath.substring(Math.max(at, 0));
    }

    /** {@code path} with each segment percent-decoded (a {@code '+'} stays a plus, as in a URI path). */
    public static String decoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = decode(segments[i]);
        }
        return String.join("/", segments);
    }

    private static String decode(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    /** A key equal for templates the container cannot tell apart ({@code /a/{x}} and {@code /a/{y}}). */
    public static String shape(String path) {
        return VARIABLE.matcher(path).replaceAll("{}");
    }
}

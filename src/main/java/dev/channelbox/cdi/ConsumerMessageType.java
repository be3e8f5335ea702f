package dev.channelbox.cdi;

import dev.channelbox.WebSocketConsumer;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * What a consumer receives: the {@code T} of its {@code WebSocketConsumer<T>}, resolved through
 * generic superclasses. Used at deployment, by {@link RouteBuilder}; stateless.
 */
final class ConsumerMessageType {

    private ConsumerMessageType() {
    }

    /**
     * The {@code T} of {@code WebSocketConsumer<T>} as seen from {@code c}, with the type variables
     * of intermediate generic superclasses substituted ({@code Base<X> extends WebSocketConsumer<List<X>>},
     * {@code C extends Base<Msg>}: {@code List<Msg>}); null if a variable stays unbound.
     */
    static Type of(Class<?> c) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        Type t = c;
        while (t != null) {
            Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
            Map<TypeVariable<?>, Type> next = new HashMap<>();
            if (t instanceof ParameterizedType p) {
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < vars.length; i++) {
                    next.put(vars[i], substitute(args[i], bindings));
                }
            }
            bindings = next;
            if (raw == WebSocketConsumer.class) {
                Type resolved = bindings.get(WebSocketConsumer.class.getTypeParameters()[0]);
                return resolved == null || mentionsTypeVariable(resolved) ? null : resolved;
            }
            t = raw.getGenericSuperclass();
        }
        return null;
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, v);
        }
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = substitute(args[i], bindings);
            }
            return new ResolvedType((Class<?>) p.getRawType(), args, p.getOwnerType());
        }
        return t;
    }

    /** {@code List<E>} with {@code E} unbound cannot be decoded: JSON-B would guess the elements. */
    private static boolean mentionsTypeVariable(Type t) {
        if (t instanceof TypeVariable<?>) {
            return true;
        }
        if (t instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                if (mentionsTypeVariable(arg)) {
                    return true;
                }
            }
        }
        return t instanceof GenericArrayType g && mentionsTypeVariable(g.getGenericComponentType());
    }

    /** A parameterized type after substitution, equal to the JDK's own for the same arguments. */
    private record ResolvedType(Class<?> raw, Type[] args, Type owner) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return args.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p && raw.equals(p.getRawType())
                    && java.util.Objects.equals(owner, p.getOwnerType())
                    && java.util.Arrays.equals(args, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(args) ^ java.util.Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }

        @Override
        public String getTypeName() {
            StringBuilder b = new StringBuilder(raw.getName()).append('<');
            for (int i = 0; i < args.length; i++) {
                b.append(i == 0 ? "" : ", ").append(args[i].getTypeName());
            }
            return b.append('>').toString();
        }
    }
}

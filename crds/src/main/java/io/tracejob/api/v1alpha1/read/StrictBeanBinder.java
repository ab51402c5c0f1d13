package io.tracejob.api.v1alpha1.read;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds a parsed YAML/JSON tree (maps, lists, strings, nulls) onto the API model's bean classes
 * through their setters, strictly: an unknown field is an error naming its path and the known
 * fields, a scalar must parse as the setter's type. It exists for the agent's start-up: building
 * Jackson's mapper and deserializers for the model costs ≈ 0.3 s of a cold JVM, reflection over a
 * dozen setters costs a few ms. Fields left out keep the bean's initial values, which equal the
 * schema defaults, exactly as with Jackson; {@code SpecReaderTest} holds the two readers to the
 * same answers.
 */
final class StrictBeanBinder {
    private StrictBeanBinder() {}

    private static final Map<Class<?>, Map<String, Method>> SETTERS = new ConcurrentHashMap<>();

    static <T> T bind(Object node, Class<T> type, String path) {
        return type.cast(value(node, type, path));
    }

    private static Object value(Object node, Type type, String path) {
        if (node == null) return null;
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) return list(node, args[0], path);
            if (Map.class.isAssignableFrom(raw)) return map(node, args[1], path);
            throw new IllegalArgumentException("field " + path + ": unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) return scalar(node, path, "a string");
        if (c == Integer.class || c == int.class)
            return number(node, path, "an integer", Integer::valueOf);
        if (c == Long.class || c == long.class)
            return number(node, path, "an integer", Long::valueOf);
        if (c == Double.class || c == double.class)
            return number(node, path, "a number", Double::valueOf);
        if (c == Boolean.class || c == boolean.class) return bool(node, path);
        if (c.isEnum()) return enumValue(node, c, path);
        if (c == Object.class) return node;
        return bean(node, c, path);
    }

    private static Object bean(Object node, Class<?> c, String path) {
        if (!(node instanceof Map<?, ?> fields))
            throw new IllegalArgumentException("field " + path + ": expected an object");
        Object bean;
        try {
            bean = c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c + " has no usable no-argument constructor", e);
        }
        Map<String, Method> setters = setters(c);
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            String name = String.valueOf(f.getKey());
            String at = path.isEmpty() ? name : path + "." + name;
            Method setter = setters.get(name);
            if (setter == null) {
                throw new IllegalArgumentException(
                        "unknown field "
                                + at
                                + " (known fields here: "
                                + String.join(", ", new TreeMap<>(setters).keySet())
                                + ")");
            }
            Type t = setter.getGenericParameterTypes()[0];
            if (f.getValue() == null && t instanceof Class<?> k && k.isPrimitive()) {
                throw new IllegalArgumentException("field " + at + ": must not be null");
            }
            try {
                setter.invoke(bean, value(f.getValue(), t, at));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot set " + at, e);
            }
        }
        return bean;
    }

    /**
     * Property name → setter, for public one-argument {@code setX} methods (fabric8's {@code
     * setAdditionalProperty} has two).
     */
    static Map<String, Method> setters(Class<?> c) {
        return SETTERS.computeIfAbsent(
                c,
                k -> {
                    Map<String, Method> m = new LinkedHashMap<>();
                    for (Method method : k.getMethods()) {
                        String n = method.getName();
                        if (n.length() > 3
                                && n.startsWith("set")
                                && method.getParameterCount() == 1) {
                            m.put(Character.toLowerCase(n.charAt(3)) + n.substring(4), method);
                        }
                    }
                    return m;
                });
    }

    private static List<Object> list(Object node, Type element, String path) {
        if (!(node instanceof List<?> items))
            throw new IllegalArgumentException("field " + path + ": expected a list");
        List<Object> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++)
            out.add(value(items.get(i), element, path + "[" + i + "]"));
        return out;
    }

    private static Map<String, Object> map(Object node, Type value, String path) {
        if (!(node instanceof Map<?, ?> entries))
            throw new IllegalArgumentException("field " + path + ": expected an object");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String key = String.valueOf(e.getKey());
            out.put(key, value(e.getValue(), value, path + "." + key));
        }
        return out;
    }

    private static String scalar(Object node, String path, String what) {
        if (node instanceof String s) return s;
        throw new IllegalArgumentException("field " + path + ": expected " + what);
    }

    private static Object number(
            Object node,
            String path,
            String what,
            java.util.function.Function<String, Object> parse) {
        String s = scalar(node, path, what).trim();
        try {
            Object v = parse.apply(s);
            if (v instanceof Double d && (d.isNaN() || d.isInfinite()))
                throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "field " + path + ": expected " + what + ", got '" + shorten(s) + "'");
        }
    }

    private static Object bool(Object node, String path) {
        String s = scalar(node, path, "true or false");
        if (s.equals("true")) return Boolean.TRUE;
        if (s.equals("false")) return Boolean.FALSE;
        throw new IllegalArgumentException(
                "field " + path + ": expected true or false, got '" + shorten(s) + "'");
    }

    private static Object enumValue(Object node, Class<?> c, String path) {
        String s = scalar(node, path, "one of " + constants(c));
        for (Object constant : c.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(s)) return constant;
        }
        throw new IllegalArgumentException(
                "field " + path + ": '" + shorten(s) + "' is not one of " + constants(c));
    }

    private static String constants(Class<?> c) {
        return Arrays.stream(c.getEnumConstants())
                .map(e -> ((Enum<?>) e).name())
                .collect(Collectors.joining(", "));
    }

    /** Echoes of bad values stay short and on one line. */
    private static String shorten(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() <= 64 ? one : one.substring(0, 64) + "…";
    }
}
